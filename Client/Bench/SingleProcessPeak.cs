using System.Diagnostics;

namespace MusicRecs.Client.Bench;

/// <summary>
/// Runs the single-process trainer as a child process (this tool's <c>bench train</c> on the same data and
/// model options, without the cluster) and measures its peak resident set the way the silos' is measured:
/// VmHWM from /proc, read until the child exits (the peak only grows, so the last reading is its peak).
/// </summary>
internal static class SingleProcessPeak
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>The cluster-only options and their values, dropped from the child's command line.</summary>
    private static readonly string[] ClusterFlags = ["--cluster", "--per-row-calls", "--json", "--no-loss"];

    public static async Task<long> MeasureAsync(CancellationToken cancellationToken)
    {
        var args = Environment.GetCommandLineArgs();
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run through dotnet when this tool was (args[0] is then the tool's dll), else the apphost itself.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown: cannot start the single-process trainer.");
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(args[0]);
        }

        foreach (var a in ChildArguments(args.Skip(1).ToArray()))
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--json");
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the single-process trainer ({host}).");
        var output = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = child.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!child.HasExited)
        {
            peak = Math.Max(peak, PeakMemory.Of(child.Id));
            await Task.Delay(Poll, cancellationToken);
        }

        await child.WaitForExitAsync(cancellationToken);
        await output;
        var stderr = await errors;
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The single-process trainer exited with code {child.ExitCode}: {stderr.Trim()}");
        }

        return peak;
    }

    /// <summary><c>bench train</c>'s arguments without <c>--cluster</c>, <c>--silos N</c>, <c>--per-row-calls</c>, <c>--json</c> and <c>--no-loss</c> (the cluster run computes the loss).</summary>
    public static IReadOnlyList<string> ChildArguments(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (ClusterFlags.Contains(a) || a.StartsWith("--silos=", StringComparison.Ordinal))
            {
                continue;
            }

            if (a == "--silos")
            {
                i++;
                continue;
            }

            kept.Add(a);
        }

        return kept;
    }
}
