using System.Collections.Immutable;
using System.Diagnostics;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Connection;

/// <summary>
/// Sends a loaded, fully validated dataset to the cluster: registers users and artists in the catalogs in
/// large batches, then one AddPlays call per user and one AddListeners call per artist (split for very
/// popular artists), with a bounded number of calls outstanding.
/// </summary>
internal static class Importer
{
    public const int RegisterBatch = 20_000;
    public const int Concurrency = 256;
    public const int MaxListenersPerCall = 50_000;

    public static async Task<ImportSummary> RunAsync(ClusterConnection cluster, Dataset data, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plays = data.Plays;
        var rows = (long)plays.NonZeros;

        Reporter.Progress($"  registering {data.Users.Count:N0} users and {data.Artists.Count:N0} artists");
        var users = await RegisterAsync(cluster.Users, data.Users.Ids.Select(id => new CatalogEntry(id)), data.Users.Count, cancellationToken);
        var artists = await RegisterAsync(
            cluster.Artists,
            data.Artists.Ids.Select(id => new CatalogEntry(id, data.ArtistNames.TryGetValue(id, out var name) ? name : null)),
            data.Artists.Count,
            cancellationToken);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };

        var userProgress = new SendProgress("plays", rows);
        long userCalls = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, plays.Rows).Where(u => plays.RowLength(u) > 0), parallel, async (u, _) =>
        {
            var columns = plays.RowIndexes(u);
            var values = plays.RowValues(u);
            var batch = ImmutableArray.CreateBuilder<ArtistPlay>(columns.Length);
            for (var t = 0; t < columns.Length; t++)
            {
                batch.Add(new ArtistPlay(artists[columns[t]], values[t]));
            }

            var sent = columns.Length;
            await cluster.User(data.Users[u]).AddPlays(users[u], batch.MoveToImmutable());
            Interlocked.Increment(ref userCalls);
            userProgress.Add(sent);
        });

        var listeners = plays.Transpose();
        var chunks = new List<(int Artist, int Start, int End)>();
        for (var a = 0; a < listeners.Rows; a++)
        {
            var start = listeners.RowStarts[a];
            var end = listeners.RowStarts[a + 1];
            for (var s = start; s < end; s += MaxListenersPerCall)
            {
                chunks.Add((a, s, Math.Min(end, s + MaxListenersPerCall)));
            }
        }

        var artistProgress = new SendProgress("listeners", rows);
        await Parallel.ForEachAsync(chunks, parallel, async (chunk, _) =>
        {
            var batch = ImmutableArray.CreateBuilder<ListenerPlay>(chunk.End - chunk.Start);
            for (var t = chunk.Start; t < chunk.End; t++)
            {
                batch.Add(new ListenerPlay(users[listeners.ColumnIndexes[t]], listeners.Values[t]));
            }

            var id = data.Artists[chunk.Artist];
            var name = data.ArtistNames.TryGetValue(id, out var n) ? n : null;
            await cluster.Artist(id).AddListeners(artists[chunk.Artist], name, batch.MoveToImmutable());
            artistProgress.Add(chunk.End - chunk.Start);
        });

        var seconds = clock.Elapsed.TotalSeconds;
        var catalogUsers = await cluster.Users.Count();
        var catalogArtists = await cluster.Artists.Count();
        return new ImportSummary(rows, data.Users.Count, data.Artists.Count, userCalls, chunks.Count, seconds, catalogUsers, catalogArtists);
    }

    /// <summary>Cluster indexes of the entries, in order, registered in batches of <see cref="RegisterBatch"/>.</summary>
    private static async Task<int[]> RegisterAsync(ICatalogGrain catalog, IEnumerable<CatalogEntry> entries, int count, CancellationToken cancellationToken)
    {
        var indexes = new int[count];
        var done = 0;
        foreach (var batch in entries.Chunk(RegisterBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var assigned = await catalog.Register([.. batch]);
            if (assigned.Length != batch.Length)
            {
                throw new InvalidOperationException($"The catalog returned {assigned.Length} indexes for {batch.Length} entries.");
            }

            assigned.CopyTo(indexes, done);
            done += batch.Length;
        }

        return indexes;
    }
}
