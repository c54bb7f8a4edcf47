using System.Diagnostics;
using System.Text.Json;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>Runs the built musicrecs tool as a separate process, without cluster settings leaking in from the environment.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement LastJson()
        {
            var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"No stdout. stderr: {Stderr}");
            return JsonDocument.Parse(last).RootElement;
        }

        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout: {Stdout}{Environment.NewLine}stderr: {Stderr}";
    }

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("MUSICRECS_CONNECTION_STRING");
        start.Environment.Remove("MUSICRECS_CLUSTER_ID");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "musicrecs.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start musicrecs");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"musicrecs {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:F0} s.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
