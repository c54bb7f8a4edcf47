using System.Collections.Concurrent;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Tests.Faults;
using Orleans.Core.Internal;

namespace MusicRecs.Tests.Cluster;

/// <summary>The catalogs hand out each index once even when their storage writes fail, before or after storing.</summary>
public sealed class CatalogFaultTests
{
    [Fact]
    public async Task Registrations_retried_through_failing_writes_give_each_id_one_dense_index_that_survives_reactivation()
    {
        await using var harness = await ClusterHarness.StartAsync(2, faultyStorage: true);
        var faults = harness.Faults(StorageNames.Catalog);
        var catalog = harness.Client.GetGrain<ICatalogGrain>(CatalogKind.Artists);

        // 8 callers register overlapping batches of 300 ids (each id in about 4 batches), retrying every failure.
        const int Ids = 300;
        var told = new ConcurrentDictionary<string, ConcurrentBag<int>>();
        var failures = 0;
        faults.Options = new FaultOptions { FailBeforeStore = 0.3, FailAfterStore = 0.3, Timeout = 0.05, TimeoutDelay = TimeSpan.FromMilliseconds(20), FailRead = 0.1 };
        // Activations end meanwhile too (as when a silo restarts): what a new one reads must be what callers were told.
        using var stop = new CancellationTokenSource();
        var deactivations = 0;
        var churn = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await catalog.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
                    Interlocked.Increment(ref deactivations);
                }
                catch (Exception)
                {
                    // The call activated the catalog and its read failed (FailRead): the injected exception comes back
                    // as it is or wrapped by the activation, depending on where the read failed; the next call tries again.
                }

                // The fault's pace, not a wait for a condition: a deactivation every ~15 ms while the callers register.
                await Task.Delay(15);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            // At least 15 batches each, and more until the catalog has been deactivated often enough to matter (a fast host registers quickly).
            for (var b = 0; b < 15 || (Volatile.Read(ref deactivations) <= 10 && b < 500); b++)
            {
                var batch = Enumerable.Range(0, 10).Select(_ => $"a{random.Next(Ids)}").Distinct().ToArray();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var indexes = await catalog.Register([.. batch.Select(id => new CatalogEntry(id, $"name {id}"))]);
                        for (var i = 0; i < batch.Length; i++)
                        {
                            told.GetOrAdd(batch[i], _ => []).Add(indexes[i]);
                        }

                        break;
                    }
                    catch (Exception) when (attempt < 100)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        })));
        await stop.CancelAsync();
        await churn;

        Assert.True(deactivations > 10, $"only {deactivations} deactivations");
        Assert.True(faults.FailedBeforeStore > 0 && faults.FailedAfterStore > 0 && faults.Timeouts > 0, $"faults injected: {faults.FailedBeforeStore} before, {faults.FailedAfterStore} after, {faults.Timeouts} timeouts");
        Assert.True(failures > 0, "no registration failed");

        // Every id was told one index, whatever it was told how often; the indexes are 0..n-1.
        Assert.All(told, t => Assert.Single(t.Value.Distinct()));
        var index = told.ToDictionary(t => t.Key, t => t.Value.First());
        Assert.Equal(Enumerable.Range(0, index.Count), index.Values.Order());

        // A new activation reads storage: it must agree with what the callers were told.
        faults.Options = FaultOptions.None;
        var reads = faults.Reads;
        await catalog.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var ids = index.Keys.ToArray();
        var looked = await catalog.Lookup([.. ids]);
        Assert.True(faults.Reads > reads, "the catalog was not reactivated");
        Assert.Equal(ids.Select(id => index[id]), looked);
        Assert.Equal(index.Count, await catalog.Count());
        var range = await catalog.GetRange(0, index.Count);
        Assert.Equal(index.OrderBy(p => p.Value).Select(p => p.Key), range.Select(e => e.Id));
        Assert.All(range, e => Assert.Equal($"name {e.Id}", e.Name));
    }

    [Fact]
    public async Task A_batch_with_an_empty_id_registers_nothing()
    {
        await using var harness = await ClusterHarness.StartAsync(1);
        var catalog = harness.Client.GetGrain<ICatalogGrain>(CatalogKind.Users);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => catalog.Register([new CatalogEntry("u1"), new CatalogEntry("")]));
        Assert.Contains("entry 1", e.Message);
        Assert.Equal(0, await catalog.Count());
        Assert.Equal(new[] { -1 }, (await catalog.Lookup(["u1"])).AsEnumerable());
    }
}
