using Microsoft.Extensions.DependencyInjection;
using MusicRecs.Tests.Cluster;
using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Tests.Faults;

public sealed class FaultyGrainStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly GrainId Grain = GrainId.Create("test", "g");

    private static (FaultyGrainStorage Storage, IGrainStorage Inner, StorageFaults Faults) Make(int seed = 7)
    {
        var inner = new SharedMemoryGrainStorage(Guid.NewGuid().ToString("N"), "s", Serializer);
        var faults = new StorageFaults(seed);
        return (new FaultyGrainStorage(inner, faults, "s", Serializer), inner, faults);
    }

    private static async Task<int?> StoredAsync(IGrainStorage inner)
    {
        var read = new TestGrainState<int>(0);
        await inner.ReadStateAsync("n", Grain, read);
        return read.RecordExists ? read.State : null;
    }

    [Fact]
    public async Task Without_faults_writes_and_reads_pass_through()
    {
        var (storage, inner, faults) = Make();
        var state = new TestGrainState<int>(5);
        await storage.WriteStateAsync("n", Grain, state);
        Assert.Equal(5, await StoredAsync(inner));
        var read = new TestGrainState<int>(0);
        await storage.ReadStateAsync("n", Grain, read);
        Assert.Equal(5, read.State);
        Assert.Equal((1L, 1L, 0L), (faults.Writes, faults.StoredWrites, faults.FailedBeforeStore + faults.FailedAfterStore + faults.Timeouts));
    }

    [Fact]
    public async Task A_write_failing_before_storage_stores_nothing()
    {
        var (storage, inner, faults) = Make();
        faults.Options = new FaultOptions { FailBeforeStore = 1 };
        var e = await Assert.ThrowsAsync<InjectedStorageException>(() => storage.WriteStateAsync("n", Grain, new TestGrainState<int>(5)));
        Assert.Contains("before it was stored", e.Message);
        Assert.Null(await StoredAsync(inner));
        Assert.Equal(1, faults.FailedBeforeStore);
    }

    [Fact]
    public async Task A_write_failing_after_storage_is_stored_and_the_caller_keeps_its_old_etag()
    {
        var (storage, inner, faults) = Make();
        var stored = new List<object?>();
        faults.Stored = (_, _, s) => stored.Add(s);
        var state = new TestGrainState<int>(5);
        await storage.WriteStateAsync("n", Grain, state);
        var etag = state.ETag;

        faults.Options = new FaultOptions { FailAfterStore = 1 };
        state.State = 6;
        var e = await Assert.ThrowsAsync<InjectedStorageException>(() => storage.WriteStateAsync("n", Grain, state));
        Assert.Contains("after it was stored", e.Message);
        Assert.Equal(6, await StoredAsync(inner));
        Assert.Equal(etag, state.ETag);
        Assert.Equal(new[] { 5, 6 }, stored.Cast<int>());

        // The lost answer leaves the caller's ETag stale: its next write conflicts until it reads again.
        faults.Options = FaultOptions.None;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("n", Grain, state));
        await storage.ReadStateAsync("n", Grain, state);
        state.State = 7;
        await storage.WriteStateAsync("n", Grain, state);
        Assert.Equal(7, await StoredAsync(inner));
    }

    [Fact]
    public async Task A_timeout_waits_then_throws_and_stores_nothing()
    {
        var (storage, inner, faults) = Make();
        faults.Options = new FaultOptions { Timeout = 1, TimeoutDelay = TimeSpan.FromMilliseconds(100) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => storage.WriteStateAsync("n", Grain, new TestGrainState<int>(5)));
        Assert.True(clock.ElapsedMilliseconds >= 90, $"timed out after {clock.ElapsedMilliseconds} ms");
        Assert.Null(await StoredAsync(inner));
        Assert.Equal(1, faults.Timeouts);
    }

    [Fact]
    public async Task Shares_follow_the_options_and_the_same_seed_draws_the_same_faults()
    {
        async Task<List<string>> RunAsync()
        {
            var (storage, _, faults) = Make(seed: 42);
            faults.Options = new FaultOptions { FailBeforeStore = 0.2, FailAfterStore = 0.3, Timeout = 0.1, TimeoutDelay = TimeSpan.Zero };
            var outcomes = new List<string>();
            for (var i = 0; i < 2_000; i++)
            {
                var state = new TestGrainState<int>(i);
                await storage.ReadStateAsync("n", Grain, state);
                state.State = i;
                try
                {
                    await storage.WriteStateAsync("n", Grain, state);
                    outcomes.Add("ok");
                }
                catch (Exception e)
                {
                    outcomes.Add(e.GetType().Name + (e.Message.Contains("after it was stored") ? "-after" : ""));
                }
            }

            return outcomes;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        double Share(string what) => first.Count(o => o == what) / (double)first.Count;

        // 2,000 draws: a share's standard error is at most 0.011, so 0.04 is more than three of them.
        Assert.InRange(Share(nameof(InjectedStorageException)), 0.16, 0.24);
        Assert.InRange(Share(nameof(InjectedStorageException) + "-after"), 0.26, 0.34);
        Assert.InRange(Share(nameof(TimeoutException)), 0.06, 0.14);
        Assert.InRange(Share("ok"), 0.36, 0.44);
    }

    [Fact]
    public async Task Faults_switch_at_run_time_and_reads_can_fail()
    {
        var (storage, _, faults) = Make();
        var state = new TestGrainState<int>(1);
        faults.Options = new FaultOptions { FailBeforeStore = 1 };
        await Assert.ThrowsAsync<InjectedStorageException>(() => storage.WriteStateAsync("n", Grain, state));
        faults.Options = FaultOptions.None;
        await storage.WriteStateAsync("n", Grain, state);
        faults.Options = new FaultOptions { FailRead = 1 };
        await Assert.ThrowsAsync<InjectedStorageException>(() => storage.ReadStateAsync("n", Grain, state));
        Assert.Equal(1, faults.FailedReads);
    }

    [Fact]
    public async Task A_write_delay_holds_the_write_back_before_it_is_stored()
    {
        var (storage, inner, faults) = Make();
        faults.Options = new FaultOptions { WriteDelay = TimeSpan.FromMilliseconds(300) };
        var write = storage.WriteStateAsync("n", Grain, new TestGrainState<int>(5));
        Assert.False(write.IsCompleted);
        Assert.Null(await StoredAsync(inner));
        await write;
        Assert.Equal(5, await StoredAsync(inner));
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        var faults = new StorageFaults(1);
        Assert.Contains("FailAfterStore", Assert.Throws<ArgumentException>(() => faults.Options = new FaultOptions { FailAfterStore = 1.5 }).Message);
        Assert.Contains("add up to more than 1", Assert.Throws<ArgumentException>(() => faults.Options = new FaultOptions { FailBeforeStore = 0.6, Timeout = 0.6 }).Message);
    }

    [Fact]
    public void The_registry_keeps_one_faults_object_per_cluster_and_storage()
    {
        var cluster = Guid.NewGuid().ToString("N");
        Assert.Same(FaultRegistry.For(cluster, "a"), FaultRegistry.For(cluster, "a"));
        Assert.NotSame(FaultRegistry.For(cluster, "a"), FaultRegistry.For(cluster, "b"));
        var before = FaultRegistry.For(cluster, "a");
        FaultRegistry.Remove(cluster);
        Assert.NotSame(before, FaultRegistry.For(cluster, "a"));
        FaultRegistry.Remove(cluster);
    }
}
