using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>
/// A dataset's plays through the play stream with the replay path's <see cref="PlaySender"/> (per-user ordering),
/// each play numbered by its position in the dataset under a producer digested from the dataset's content (as
/// import numbers them), so sending a part again applies nothing twice: each user's plays in events of up to <c>batch</c>, users in file order, optionally only
/// the first rows (a client cut off part-way). Unlike <see cref="ReplayRunner"/> it makes no grain call of its own
/// while it sends (its progress line counts what was handed to the queues), so silos may die under it.
/// </summary>
internal static class ChaosReplay
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>Sends the first <paramref name="rows"/> plays (all by default); returns the plays and events handed to the stream.</summary>
    public static async Task<(long Plays, long Events, double Seconds)> SendAsync(ClusterConnection connection, Dataset data, int batch, long? rows, string label, CancellationToken ct)
    {
        var limit = Math.Min(rows ?? long.MaxValue, data.Plays.NonZeros);
        var sender = new PlaySender(connection, null, ct);
        var producer = ImportProducer.For(data);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = ProgressAsync(sender, limit, label, stop.Token);
        try
        {
            var m = data.Plays;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long taken = 0;
            for (var u = 0; u < m.Rows && taken < limit; u++)
            {
                var artists = m.RowIndexes(u).ToArray();
                var counts = m.RowValues(u).ToArray();
                for (var start = 0; start < artists.Length && taken < limit; start += batch)
                {
                    var n = (int)Math.Min(Math.Min(batch, artists.Length - start), limit - taken);
                    await sender.SendAsync(new PlayBatch(data.Users[u], [.. Enumerable.Range(start, n).Select(t => new PlayEvent(data.Artists[artists[t]], counts[t], now, producer, m.RowStarts[u] + t))]));
                    taken += n;
                }
            }

            await sender.CompleteAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await progress;
        }

        Reporter.Progress($"  {label}: {sender.Plays:N0} plays of {sender.Users:N0} users in {sender.Events:N0} events handed to the play queues in {sender.Elapsed.TotalSeconds:F1}s (producer {producer})");
        return (sender.Plays, sender.Events, sender.Elapsed.TotalSeconds);
    }

    private static async Task ProgressAsync(PlaySender sender, long total, string label, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Reporter.Progress($"  {label}: {sender.Plays:N0} of {total:N0} plays sent ({sender.Plays / Math.Max(sender.Elapsed.TotalSeconds, 1e-9):N0} plays/s)");
            }
        }
        catch (OperationCanceledException)
        {
            // Sending has ended.
        }
    }
}
