using System.Diagnostics;
using System.Text.Json;

namespace MusicRecs.Tests.Cli;

/// <summary>Runs the built musicrecs tool as a separate process, as a user would.</summary>
internal static class Musicrecs
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement LastJson()
        {
            var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"No stdout. stderr: {Stderr}");
            return JsonDocument.Parse(last).RootElement;
        }
    }

    public static Result Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "musicrecs.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start musicrecs");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"musicrecs {string.Join(' ', args)} did not finish in 3 minutes.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
