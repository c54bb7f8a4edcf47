using System.Collections.Immutable;
using System.Diagnostics;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Connection;

/// <summary>
/// Sends a loaded, fully validated dataset to the cluster: registers users and artists in the catalogs in
/// large batches (so indexes follow the dataset's order), then one batch of plays per user to its grain,
/// with a bounded number of calls outstanding. The user grains apply them as they apply streamed plays;
/// the silos, not this client, send the listener changes on to the artist grains.
/// </summary>
internal static class Importer
{
    public const int RegisterBatch = 20_000;
    public const int Concurrency = 256;

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

        // Plays are numbered by their position in the dataset under a producer derived from its content: the
        // user grains apply each play once, so importing the same data again (or retrying) adds nothing.
        var producer = ImportProducer.For(data);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        var userProgress = new SendProgress("plays", rows);
        long userCalls = 0, duplicates = 0, rejected = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, plays.Rows).Where(u => plays.RowLength(u) > 0), parallel, async (u, _) =>
        {
            var columns = plays.RowIndexes(u);
            var values = plays.RowValues(u);
            var first = plays.RowStarts[u];
            var count = columns.Length;
            var batch = ImmutableArray.CreateBuilder<PlayEvent>(count);
            for (var t = 0; t < columns.Length; t++)
            {
                batch.Add(new PlayEvent(data.Artists[columns[t]], values[t], 0, producer, first + t));
            }

            var user = data.Users[u];
            var receipt = await cluster.User(user).Apply(new PlayBatch(user, batch.MoveToImmutable()));
            Interlocked.Increment(ref userCalls);
            Interlocked.Add(ref duplicates, receipt.Duplicates);
            Interlocked.Add(ref rejected, receipt.Rejected);
            userProgress.Add(count);
        });

        if (duplicates > 0 || rejected > 0)
        {
            Reporter.Progress($"  {duplicates:N0} plays were applied before (same data imported earlier), {rejected:N0} rejected by the user grains");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var catalogUsers = await cluster.Users.Count();
        var catalogArtists = await cluster.Artists.Count();
        return new ImportSummary(rows, data.Users.Count, data.Artists.Count, userCalls, ArtistCalls: 0, seconds, catalogUsers, catalogArtists);
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
