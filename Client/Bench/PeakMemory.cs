using System.Globalization;

namespace MusicRecs.Client.Bench;

/// <summary>A live process's peak resident set: VmHWM from /proc/PID/status (Linux), 0 where it cannot be read.</summary>
internal static class PeakMemory
{
    public static long Of(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                // "VmHWM:    123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process is gone, or /proc is not there (not Linux): no figure.
        }

        return 0;
    }
}
