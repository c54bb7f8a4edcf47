using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Plays;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>The load of <c>bench ingest</c>: a dataset as stream events, sent in a loop, and the wait until the users hold them.</summary>
internal static class IngestLoad
{
    /// <summary>How long the silo may take to apply what was sent, after publishing ended.</summary>
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The dataset's rows as stream events: each user's plays in chunks of up to <paramref name="size"/>, user after user.</summary>
    public static List<PlayChunk> Events(Dataset data, int size)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var events = new List<PlayChunk>();
        for (var u = 0; u < data.Users.Count; u++)
        {
            var artists = data.Plays.RowIndexes(u);
            var counts = data.Plays.RowValues(u);
            for (var start = 0; start < artists.Length; start += size)
            {
                var end = Math.Min(artists.Length, start + size);
                var plays = new (string Artist, float Count, long Timestamp)[end - start];
                for (var i = start; i < end; i++)
                {
                    plays[i - start] = (data.Artists[artists[i]], counts[i], now);
                }

                events.Add(new PlayChunk(data.Users[u], plays));
            }
        }

        return events;
    }

    /// <summary>The total plays each user holds in the cluster.</summary>
    public static async Task<Dictionary<string, double>> TotalsAsync(ClusterConnection connection, IReadOnlyList<string> users)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var chunk in users.Chunk(256))
        {
            var histories = await Task.WhenAll(chunk.Select(u => connection.User(u).GetHistory()));
            for (var i = 0; i < chunk.Length; i++)
            {
                totals[chunk[i]] = Total(histories[i]);
            }
        }

        return totals;
    }

    public static double Total(UserHistory history) => history.Plays.Sum(p => (double)p.Count);

    /// <summary>
    /// Polls the histories of the users not yet caught up until each holds what was sent; returns the clock's
    /// time when the last one did, or null after <see cref="ApplyTimeout"/>.
    /// </summary>
    public static async Task<TimeSpan?> WaitAppliedAsync(ClusterConnection connection, Dictionary<string, double> expected, Stopwatch clock, CancellationToken cancellationToken)
    {
        var pending = expected.Keys.ToList();
        var deadline = clock.Elapsed + ApplyTimeout;
        while (true)
        {
            var behind = new List<string>();
            foreach (var chunk in pending.Chunk(256))
            {
                var histories = await Task.WhenAll(chunk.Select(u => connection.User(u).GetHistory()));
                for (var i = 0; i < chunk.Length; i++)
                {
                    var want = expected[chunk[i]];
                    if (Total(histories[i]) < want - (Math.Abs(want) * 1e-6) - 1e-3)
                    {
                        behind.Add(chunk[i]);
                    }
                }
            }

            if (behind.Count == 0)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > deadline)
            {
                return null;
            }

            pending = behind;
            await Task.Delay(5, cancellationToken);
        }
    }

    public static async Task RunLoadAsync(PlaySender sender, List<PlayChunk> events, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; !cancellationToken.IsCancellationRequested; i = (i + 1) % events.Count)
            {
                await sender.SendAsync(events[i].User, events[i].Plays);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped after the last probe.
        }
    }
}
