using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Bench;

/// <summary>
/// Watches the play queues of a cluster until the silos have taken everything from them: a queue counts every
/// message it holds, invisible ones included (those a silo dequeued and has not deleted, which a killed silo's
/// leave behind until they reappear), so all queues at 0 means every event was delivered.
/// </summary>
internal sealed class PlayQueueWatch(string connectionString, IReadOnlyList<string> names)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private readonly QueueServiceClient _service = new(connectionString);

    /// <summary>Messages in all queues now.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(names.Select(async n => (long)(await _service.GetQueueClient(n).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount));
        return counts.Sum();
    }

    /// <summary>Waits until every queue is empty (failing after <paramref name="timeout"/>), with a progress line every few seconds.</summary>
    public async Task<TimeSpan> WaitEmptyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var shown = TimeSpan.Zero;
        while (true)
        {
            var left = await CountAsync(cancellationToken);
            if (left == 0)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{left:N0} play events still queued after {timeout.TotalSeconds:F0} s");
            }

            if (clock.Elapsed - shown >= TimeSpan.FromSeconds(5))
            {
                Reporter.Progress($"  chaos: {left:N0} play events still queued ({clock.Elapsed.TotalSeconds:F0}s)");
                shown = clock.Elapsed;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the user grains stop applying: the silos' ingest counters (plays applied, duplicates, rejected)
    /// unchanged over <paramref name="still"/>. A call that fails (a silo just died) counts as a change.
    /// </summary>
    public static async Task WaitStillAsync(IClusterClient client, TimeSpan still, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stats = client.GetGrain<IIngestStatsGrain>("default");
        var clock = Stopwatch.StartNew();
        IngestTotals? last = null;
        var since = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            IngestTotals? now;
            try
            {
                now = await stats.GetTotals();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                now = null;
            }

            if (now is null || now != last)
            {
                (last, since) = (now, clock.Elapsed);
            }
            else if (clock.Elapsed - since >= still)
            {
                return;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        throw new TimeoutException($"the user grains were still applying plays after {timeout.TotalSeconds:F0} s");
    }
}
