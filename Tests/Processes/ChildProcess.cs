using System.Diagnostics;
using System.Text.Json;

namespace MusicRecs.Tests.Processes;

/// <summary>What a finished child process printed, and how it exited.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>The last stdout line as JSON (the --json convention of the musicrecs tool).</summary>
    public JsonElement LastJson()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{Command}: no stdout. {Describe()}");
        try
        {
            return JsonDocument.Parse(last).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{Command}: the last stdout line is not JSON ({e.Message}). {Describe()}", e);
        }
    }

    public ProcessResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{Command} failed. {Describe()}");

    public string Describe() =>
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s{Environment.NewLine}stdout:{Environment.NewLine}{Tail(Stdout)}{Environment.NewLine}stderr:{Environment.NewLine}{Tail(Stderr)}";

    private static string Tail(string text, int lines = 40) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines).Select(l => "  " + l.TrimEnd('\r')));
}

/// <summary>Runs a program to completion with its output captured, killing it when it overruns.</summary>
internal static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var command = $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList.Select(Shorten))}";
        var clock = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var overrun = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{command} did not finish in {timeout.TotalSeconds:F0} s.{Environment.NewLine}stdout:{Environment.NewLine}{await stdout}{Environment.NewLine}stderr:{Environment.NewLine}{await stderr}");
        }

        return new ProcessResult(command, process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>Keeps failure messages readable: connection strings carry a long (well-known) key.</summary>
    private static string Shorten(string arg) => arg.Length > 80 ? arg[..60] + "..." : arg;
}
