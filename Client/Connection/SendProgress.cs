using System.Diagnostics;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Connection;

/// <summary>Counts rows sent from many concurrent calls and reports at most twice a second, with the rate.</summary>
internal sealed class SendProgress(string what, long total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _sent;
    private TimeSpan _last;

    public long Sent => Interlocked.Read(ref _sent);

    public void Add(long rows)
    {
        var sent = Interlocked.Add(ref _sent, rows);
        if (_clock.Elapsed - _last < TimeSpan.FromSeconds(0.5))
        {
            return;
        }

        lock (_gate)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromSeconds(0.5))
            {
                return;
            }

            _last = _clock.Elapsed;
        }

        Reporter.Progress($"  {what}: {sent:N0}/{total:N0} rows sent ({sent / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9):N0} plays/s)");
    }
}
