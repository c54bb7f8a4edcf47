using System.Diagnostics;

namespace MusicRecs.Client.Processes;

/// <summary>How a silo process is started: the host, the arguments and environment of its launch, and where its output goes.</summary>
internal static class SiloStartInfo
{
    /// <summary>
    /// With <paramref name="pumped"/> the output is redirected for this process to copy; otherwise a shell makes the
    /// silo append to its log file itself, so it keeps logging after this process has exited (quickstart --keep-running).
    /// </summary>
    public static ProcessStartInfo For(SiloLaunch launch, bool pumped)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(launch.SiloDll))!,
            RedirectStandardInput = true,
            RedirectStandardOutput = pumped,
            RedirectStandardError = pumped,
        };
        foreach (var (key, value) in launch.Environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (pumped)
        {
            start.FileName = DotnetHost.Path;
        }
        else
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
            start.ArgumentList.Add("musicrecs-silo");
            start.ArgumentList.Add(launch.LogPath!);
            start.ArgumentList.Add(DotnetHost.Path);
        }

        start.ArgumentList.Add(launch.SiloDll);
        foreach (var a in launch.Arguments)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }
}
