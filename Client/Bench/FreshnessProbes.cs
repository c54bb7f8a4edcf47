using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Plays;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>Freshness probes of <c>bench ingest</c>: single plays of unplayed artists, timed until a fold-in answer reflects them.</summary>
internal static class FreshnessProbes
{
    /// <summary>How long one probe may wait for its play to show.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private const int SampleSeed = 11;

    /// <summary>
    /// Up to <paramref name="count"/> (user, artist, artist index) pairs: users with plays (so with a model factor),
    /// each with an artist it has not played; the probed users are at most half of them, the rest carry the load.
    /// </summary>
    public static async Task<(List<(string User, string Artist, int Index)> Pairs, HashSet<string> Users)> ProbePairsAsync(ClusterConnection connection, Dataset data, int count)
    {
        var random = new Random(SampleSeed);
        var withPlays = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        random.Shuffle(withPlays);
        var chosen = withPlays.Take(Math.Max(1, Math.Min(count, withPlays.Length / 2))).ToArray();
        var indexes = await connection.Artists.Lookup([.. data.Artists.Ids]);
        var pairs = new List<(string, string, int)>();
        var used = chosen.ToDictionary(u => u, u => new HashSet<int>(data.Plays.RowIndexes(u).ToArray()));
        for (var attempt = 0; pairs.Count < count && attempt < count * 20; attempt++)
        {
            var u = chosen[attempt % chosen.Length];
            var a = random.Next(data.Artists.Count);
            if (indexes[a] >= 0 && used[u].Add(a))
            {
                pairs.Add((data.Users[u], data.Artists[a], indexes[a]));
            }
        }

        return (pairs, [.. chosen.Select(u => data.Users[u])]);
    }

    /// <summary>
    /// Publishes one play and polls about every millisecond until the history holds the artist and
    /// recommend answers from a fold-in; milliseconds from publishing to that answer, or null on timeout.
    /// </summary>
    public static async Task<double?> ProbeAsync(ClusterConnection connection, string user, string artist, int index, CancellationToken cancellationToken)
    {
        var grain = connection.User(user);
        var batch = PlayProducer.Batch(user, [(artist, 1f, DateTimeOffset.UtcNow.ToUnixTimeSeconds())]);
        var clock = Stopwatch.StartNew();
        await connection.Plays(user).OnNextAsync(batch);
        while (clock.Elapsed < ProbeTimeout)
        {
            var history = await grain.GetHistory();
            if (history.Plays.Any(p => p.Artist == index))
            {
                var answer = await grain.RecommendWith(new RecommendRequest { Count = 10 });
                if (answer.Source == RecommendationSource.FoldIn)
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }

            await Task.Delay(1, cancellationToken);
        }

        return null;
    }
}
