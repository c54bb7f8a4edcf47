using System.Diagnostics;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Bench;

/// <summary>
/// Keeps the plays handed to the Azure queues but not yet applied (by the silos' last report) under
/// <see cref="BacklogSeconds"/> of the rate applied so far, and at least <see cref="MinBacklog"/>. The reports
/// lag by a second or so, so the queues hold somewhat less than that, but enough to keep the silo busy.
/// </summary>
internal sealed class Backlog(IIngestStatsGrain stats, long baseline, Stopwatch clock)
{
    /// <summary>Most seconds of the applied rate left waiting in the queues while publishing.</summary>
    public const double BacklogSeconds = 3;

    /// <summary>Plays that may wait in the queues before the applied rate is known.</summary>
    public const long MinBacklog = 10_000;

    /// <summary>How often the silos' applied-plays counters (reported about once a second) are read.</summary>
    private static readonly TimeSpan BacklogReadEvery = TimeSpan.FromMilliseconds(100);

    private long _applied;
    private TimeSpan? _readAt;

    /// <summary>The backlog allowed at the last check.</summary>
    public long Limit { get; private set; } = MinBacklog;

    /// <summary>Time spent waiting for the backlog to shrink.</summary>
    public TimeSpan Paused { get; private set; }

    /// <summary>Waits until <paramref name="handed"/> plays leave room for more; false when <paramref name="until"/> came first.</summary>
    public async Task<bool> WaitForRoomAsync(long handed, TimeSpan until, CancellationToken cancellationToken)
    {
        var began = clock.Elapsed;
        while (true)
        {
            if (_readAt is not { } read || clock.Elapsed - read >= BacklogReadEvery)
            {
                _applied = (await stats.GetTotals()).Plays - baseline;
                _readAt = clock.Elapsed;
                Limit = Math.Max(MinBacklog, (long)(BacklogSeconds * _applied / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
            }

            var room = handed - _applied < Limit;
            if (room || clock.Elapsed >= until)
            {
                Paused += clock.Elapsed - began;
                return room;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
