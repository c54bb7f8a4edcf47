using System.Diagnostics;

namespace MusicRecs.Tests.Processes;

/// <summary>Runs a program to completion with its output captured, killing it when it overruns; the one child-process runner of the tests.</summary>
internal static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        IReadOnlyCollection<string>? unset = null)
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

        foreach (var key in unset ?? [])
        {
            start.Environment.Remove(key);
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
