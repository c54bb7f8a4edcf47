using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Hosting;
using MusicRecs.Tests.Faults;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace MusicRecs.Tests.Cluster;

/// <summary>A catalog's ids live in range partitions of CatalogPartitionRows indexes and hash lookup partitions, not in one grain.</summary>
public sealed class CatalogPartitionTests
{
    private const int Rows = 7;
    private const int Lookups = 4;

    private static Task<ClusterHarness> StartAsync() => ClusterHarness.StartAsync(2, faultyStorage: true, configureSilo: silo =>
        silo.Services.Configure<TrainingRuntimeOptions>(o => (o.CatalogPartitionRows, o.CatalogLookupPartitions) = (Rows, Lookups)));

    [Fact]
    public async Task Registering_N_ids_writes_ceil_N_over_R_range_partitions_and_ranges_and_lookups_span_partitions()
    {
        await using var harness = await StartAsync();
        var faults = harness.Faults(StorageNames.Catalog);
        var ranges = new ConcurrentDictionary<GrainId, CatalogRangeState>();
        var lookups = new ConcurrentDictionary<GrainId, CatalogLookupState>();
        var heads = new ConcurrentQueue<CatalogState>();
        faults.Stored = (_, grain, s) =>
        {
            switch (s)
            {
                case CatalogRangeState r: ranges[grain] = r; break;
                case CatalogLookupState l: lookups[grain] = l; break;
                case CatalogState h: heads.Enqueue(h); break;
            }
        };
        var catalog = harness.Client.GetGrain<ICatalogGrain>(CatalogKind.Artists);

        // 50 ids in batches of 9, each batch repeating an id of the one before: indexes follow first registration.
        const int N = 50;
        var ids = Enumerable.Range(0, N).Select(i => $"artist-{i}").ToArray();
        for (var first = 0; first < N; first += 9)
        {
            var batch = ids.Skip(first).Take(9).Prepend(ids[Math.Max(0, first - 1)]).Select(id => new CatalogEntry(id, $"name {id}")).ToArray();
            var indexes = await catalog.Register([.. batch]);
            Assert.Equal(batch.Select(e => Array.IndexOf(ids, e.Id)), indexes);
        }

        Assert.Equal((N + Rows - 1) / Rows, ranges.Count);
        Assert.All(ranges.Values, r => Assert.InRange(r.Ids.Count, 1, Rows));
        Assert.Equal(ids, ranges.Values.OrderBy(r => r.First).SelectMany(r => r.Ids));
        Assert.InRange(lookups.Count, 2, Lookups);
        Assert.Equal(N, lookups.Values.Sum(l => l.Indexes.Count));
        Assert.All(heads, h => Assert.Empty(h.Ids));
        Assert.Equal(N, heads.Last().Count);
        Assert.Equal(ids[45..], heads.Last().Pending.Select(p => p.Id)); // the last batch stays stored until the next replaces it

        // Ranges across partition borders, clipped at the end; lookups across partitions, -1 for the unknown.
        Assert.Equal(ids[5..25], (await catalog.GetRange(5, 20)).Select(e => e.Id));
        Assert.Equal(ids[45..], (await catalog.GetRange(45, 100)).Select(e => e.Id));
        Assert.Empty(await catalog.GetRange(N, 5));
        Assert.All(await catalog.GetRange(0, N), e => Assert.Equal($"name {e.Id}", e.Name));
        Assert.Equal(new[] { 49, -1, 0, 13, 28 }, await catalog.Lookup(["artist-49", "nobody", "artist-0", "artist-13", "artist-28"]));
        Assert.Equal(N, await catalog.Count());
    }

    [Fact]
    public async Task A_batch_stored_by_the_head_but_not_by_its_partitions_is_finished_when_the_head_activates_again()
    {
        await using var harness = await StartAsync();
        var faults = harness.Faults(StorageNames.Catalog);
        var catalog = harness.Client.GetGrain<ICatalogGrain>(CatalogKind.Users);
        Assert.Equal(new[] { 0, 1 }, await catalog.Register([new CatalogEntry("u-a"), new CatalogEntry("u-b")]));

        // The head stores its batch, then every later write fails: the partitions never get the batch, as when the silo dies there.
        faults.Stored = (_, _, s) =>
        {
            if (s is CatalogState { Pending.Count: > 0 } h && h.Pending[0].Index == 2)
            {
                faults.Options = new FaultOptions { FailBeforeStore = 1 };
            }
        };
        var ids = Enumerable.Range(0, 20).Select(i => $"u{i}").ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => catalog.Register([.. ids.Select(id => new CatalogEntry(id))]));
        Assert.All(await catalog.Lookup([.. ids]), i => Assert.Equal(-1, i));
        Assert.Equal(new[] { "u-a", "u-b" }, (await catalog.GetRange(0, 30)).Select(e => e.Id));

        faults.Stored = null;
        faults.Options = FaultOptions.None;
        var reads = faults.Reads;
        await catalog.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // Lookup and GetRange do not finish batches themselves: only the new activation, reading storage, can have.
        Assert.Equal(Enumerable.Range(2, 20), await catalog.Lookup([.. ids]));
        Assert.True(faults.Reads > reads, "the head was not reactivated");
        Assert.Equal(ids.Prepend("u-b").Prepend("u-a"), (await catalog.GetRange(0, 30)).Select(e => e.Id));
        Assert.Equal(22, await catalog.Count());
        Assert.Equal(new[] { 3, 22 }, await catalog.Register([new CatalogEntry("u1"), new CatalogEntry("u-new")]));
    }

    [Fact]
    public async Task A_catalog_stored_in_one_grain_before_partitioning_moves_into_partitions_on_activation_through_failing_writes()
    {
        await using var harness = await StartAsync();
        var faults = harness.Faults(StorageNames.Catalog);
        var catalog = harness.Client.GetGrain<ICatalogGrain>(CatalogKind.Artists);
        var ids = Enumerable.Range(0, 23).Select(i => $"old-{i}").ToList();
        var legacy = new CatalogState { Ids = ids, Names = [.. ids.Select((id, i) => i % 2 == 0 ? $"name {id}" : null)] };
        var storage = harness.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Catalog);
        await storage.WriteStateAsync("catalog", catalog.GetGrainId(), new TestGrainState<CatalogState>(legacy));

        // The move is repeated until it gets through writes failing before and after storing.
        faults.Options = new FaultOptions { FailBeforeStore = 0.3, FailAfterStore = 0.3 };
        var count = -1;
        for (var attempt = 1; count < 0; attempt++)
        {
            try
            {
                count = await catalog.Count();
            }
            catch (Exception) when (attempt < 100)
            {
                // The activation's move failed part-way: the next call activates the head again and repeats it.
            }
        }

        faults.Options = FaultOptions.None;
        Assert.Equal(23, count);
        Assert.True(faults.FailedBeforeStore + faults.FailedAfterStore > 0, "no write failed");
        Assert.Equal(Enumerable.Range(0, 23), await catalog.Lookup([.. ids]));
        var range = await catalog.GetRange(0, 30);
        Assert.Equal(ids, range.Select(e => e.Id));
        Assert.Equal(legacy.Names, range.Select(e => e.Name));
        Assert.Equal(new[] { 23, 1 }, await catalog.Register([new CatalogEntry("new"), new CatalogEntry("old-1", "name old-1")]));
        Assert.Equal("name old-1", (await catalog.GetRange(1, 1))[0].Name);

        var stored = new TestGrainState<CatalogState>(new CatalogState());
        await storage.ReadStateAsync("catalog", catalog.GetGrainId(), stored);
        Assert.Empty(stored.State.Ids);
        Assert.Equal(24, stored.State.Count);
        Assert.Equal((Rows, Lookups), (stored.State.PartitionRows, stored.State.LookupPartitions));
    }
}
