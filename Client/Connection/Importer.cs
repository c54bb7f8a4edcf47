using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;
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

    /// <summary>Users whose last call is kept for ordering before finished ones are forgotten.</summary>
    private const int TrackedUsers = 262_144;

    /// <summary>Most plays in one user-grain call.</summary>
    public const int MaxBatch = 100_000;

    /// <summary>
    /// Sends an in-memory dataset (generated, or loaded for a bench): each play is numbered by its position in
    /// the dataset under a producer digested from its content, so sending the same data again adds nothing.
    /// </summary>
    public static async Task<ImportSummary> RunAsync(ClusterConnection cluster, Dataset data, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await RegisterAllAsync(cluster, data, cancellationToken);
        var producer = ImportProducer.For(data);
        var plays = data.Plays;
        var batches = Enumerable.Range(0, plays.Rows).Where(u => plays.RowLength(u) > 0).Select(u =>
        {
            var columns = plays.RowIndexes(u);
            var values = plays.RowValues(u);
            var first = plays.RowStarts[u];
            var batch = ImmutableArray.CreateBuilder<PlayEvent>(columns.Length);
            for (var t = 0; t < columns.Length; t++)
            {
                batch.Add(new PlayEvent(data.Artists[columns[t]], values[t], 0, producer, first + t));
            }

            return new PlayBatch(data.Users[u], batch.MoveToImmutable());
        });

        return await SendAsync(cluster, data, batches, plays.NonZeros, producer, clock, cancellationToken);
    }

    /// <summary>
    /// Sends a validated file (its <paramref name="data"/> registers users and artists in file order), the first
    /// <paramref name="limit"/> rows when given: each row is one play numbered by its line under
    /// <paramref name="producer"/>, so sending the same file again, whole or after an interrupted run, applies each
    /// row once. Consecutive rows of one user go in one call (one per user for a file sorted by user).
    /// </summary>
    public static async Task<ImportSummary> RunFileAsync(ClusterConnection cluster, Dataset data, string path, DatasetLoadOptions options, string producer, long? limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await RegisterAllAsync(cluster, data, cancellationToken);
        var badRows = new BadRowLog(path);
        var rows = DatasetLoader.CreateReader(path, options).Read(badRows);
        var sent = limit is { } n ? rows.Take((int)Math.Min(n, int.MaxValue)) : rows;
        var total = limit is { } most ? Math.Min(most, data.Plays.NonZeros) : data.Plays.NonZeros;
        return await SendAsync(cluster, data, RunsOfOneUser(sent, producer), total, producer, clock, cancellationToken);
    }

    /// <summary>Rows as batches: a batch ends where the user changes or at <see cref="MaxBatch"/> plays.</summary>
    private static IEnumerable<PlayBatch> RunsOfOneUser(IEnumerable<PlayRow> rows, string producer)
    {
        var batch = ImmutableArray.CreateBuilder<PlayEvent>();
        string? user = null;
        foreach (var row in rows)
        {
            if ((user is not null && row.User != user) || batch.Count >= MaxBatch)
            {
                yield return new PlayBatch(user!, batch.ToImmutable());
                batch.Clear();
            }

            user = row.User;
            batch.Add(new PlayEvent(row.Artist, (float)row.Count, row.Timestamp ?? 0, producer, row.Line));
        }

        if (batch.Count > 0)
        {
            yield return new PlayBatch(user!, batch.ToImmutable());
        }
    }

    private static async Task RegisterAllAsync(ClusterConnection cluster, Dataset data, CancellationToken cancellationToken)
    {
        Reporter.Progress($"  registering {data.Users.Count:N0} users and {data.Artists.Count:N0} artists");
        await RegisterAsync(cluster.Users, data.Users.Ids.Select(id => new CatalogEntry(id)), data.Users.Count, cancellationToken);
        await RegisterAsync(
            cluster.Artists,
            data.Artists.Ids.Select(id => new CatalogEntry(id, data.ArtistNames.TryGetValue(id, out var name) ? name : null)),
            data.Artists.Count,
            cancellationToken);
    }

    /// <summary>
    /// One user-grain call per batch, <see cref="Concurrency"/> outstanding, a user's calls in order; a call that fails transiently is
    /// retried (<see cref="TransientRetry"/>: the plays keep their ids, so nothing applies twice).
    /// </summary>
    private static async Task<ImportSummary> SendAsync(ClusterConnection cluster, Dataset data, IEnumerable<PlayBatch> batches, long total, string producer, Stopwatch clock, CancellationToken cancellationToken)
    {
        var userProgress = new SendProgress("plays", total);
        long userCalls = 0, rows = 0, applied = 0, duplicates = 0, rejected = 0, tooOld = 0, retries = 0;
        using var slots = new SemaphoreSlim(Concurrency);
        var errors = new ConcurrentQueue<Exception>();
        var last = new Dictionary<string, Task>(StringComparer.Ordinal);

        // One user's batches go one after another (in file order, so its sequence numbers arrive rising); users in parallel.
        async Task SendOneAsync(Task previous, PlayBatch batch)
        {
            try
            {
                await previous;
                var receipt = await TransientRetry.RunAsync(
                    () => cluster.User(batch.User).Apply(batch),
                    $"sending {batch.Plays.Length:N0} plays of user '{batch.User}'",
                    line =>
                    {
                        Interlocked.Increment(ref retries);
                        Reporter.Progress($"  {line}");
                    },
                    cancellationToken);
                Interlocked.Increment(ref userCalls);
                Interlocked.Add(ref rows, batch.Plays.Length);
                Interlocked.Add(ref applied, receipt.Applied);
                Interlocked.Add(ref duplicates, receipt.Duplicates);
                Interlocked.Add(ref rejected, receipt.Rejected);
                Interlocked.Add(ref tooOld, receipt.TooOld);
                userProgress.Add(batch.Plays.Length);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
            finally
            {
                slots.Release();
            }
        }

        foreach (var batch in batches)
        {
            await slots.WaitAsync(cancellationToken);
            if (!errors.IsEmpty)
            {
                slots.Release();
                break;
            }

            last[batch.User] = SendOneAsync(last.GetValueOrDefault(batch.User) ?? Task.CompletedTask, batch);
            if (last.Count > TrackedUsers)
            {
                foreach (var done in last.Where(e => e.Value.IsCompleted).Select(e => e.Key).ToArray())
                {
                    last.Remove(done);
                }
            }
        }

        await Task.WhenAll(last.Values);
        if (errors.TryPeek(out var error))
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        if (duplicates > 0 || rejected > 0 || tooOld > 0)
        {
            Reporter.Progress($"  {duplicates:N0} plays were applied before (same data sent earlier), {rejected:N0} rejected by the user grains as bad data, {tooOld:N0} as too old");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var catalogUsers = await cluster.Users.Count();
        var catalogArtists = await cluster.Artists.Count();
        return new ImportSummary(rows, data.Users.Count, data.Artists.Count, userCalls, ArtistCalls: 0, seconds, catalogUsers, catalogArtists)
        {
            Producer = producer,
            Applied = applied,
            Duplicates = duplicates,
            Rejected = rejected,
            TooOld = tooOld,
            Retries = retries,
        };
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
