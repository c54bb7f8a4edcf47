using System.Diagnostics;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>Reports rows read at most twice a second, with the rate.</summary>
internal sealed class RowProgress(string what) : IProgress<long>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;

    public void Report(long value)
    {
        if (_clock.Elapsed - _last < TimeSpan.FromSeconds(0.5))
        {
            return;
        }

        _last = _clock.Elapsed;
        Reporter.Progress($"  {what}: {value:N0} rows ({value / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9):N0} rows/s)");
    }
}
