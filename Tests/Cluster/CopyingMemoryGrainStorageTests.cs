using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Tests.Cluster;

/// <summary>The memory store for factor blocks: value semantics as any store, with immutable parts shared rather than copied.</summary>
public sealed class CopyingMemoryGrainStorageTests
{
    [Fact]
    public async Task A_block_read_back_shares_the_written_bytes_and_a_mutable_state_is_a_copy()
    {
        await using var harness = await ClusterHarness.StartAsync(1);
        var store = Store(harness, out var id);

        var block = FactorBlock.FromFloats(0, 2, 2, [1f, 2f, 3f, 4f]);
        var written = new GrainState<FactorBlockState>(new FactorBlockState { Block = block });
        await store.WriteStateAsync("block", id, written);
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        var read = new GrainState<FactorBlockState>(new FactorBlockState());
        await store.ReadStateAsync("block", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotSame(written.State, read.State);
        Assert.Same(block.Bytes, read.State!.Block!.Bytes);

        // A state with mutable parts: changing the written object afterwards does not change what is stored.
        var user = new GrainState<UserState>(new UserState { Index = 7, OutboxSequence = 3 });
        await store.WriteStateAsync("user", id, user);
        user.State!.Index = 8;
        var back = new GrainState<UserState>(new UserState());
        await store.ReadStateAsync("user", id, back);
        Assert.Equal(7, back.State!.Index);
        Assert.Equal(3, back.State!.OutboxSequence);
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_nothing_stored_changes_and_a_cleared_state_reads_as_missing()
    {
        await using var harness = await ClusterHarness.StartAsync(1);
        var store = Store(harness, out var id);
        var first = new GrainState<FactorBlockState>(new FactorBlockState { Block = FactorBlock.FromFloats(0, 1, 1, [1f]) });
        await store.WriteStateAsync("block", id, first);

        var stale = new GrainState<FactorBlockState>(new FactorBlockState { Block = FactorBlock.FromFloats(0, 1, 1, [2f]) }) { ETag = "not-the-stored-one" };
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("block", id, stale));
        Assert.Contains("not-the-stored-one", error.Message);
        var fresh = new GrainState<FactorBlockState>(new FactorBlockState { Block = FactorBlock.FromFloats(0, 1, 1, [3f]) });
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("block", id, fresh));

        var read = new GrainState<FactorBlockState>(new FactorBlockState());
        await store.ReadStateAsync("block", id, read);
        Assert.Equal([1f], read.State!.Block!.Floats.ToArray());

        await store.ClearStateAsync("block", id, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.State!.Block);
        var after = new GrainState<FactorBlockState>(new FactorBlockState { Block = FactorBlock.FromFloats(0, 1, 1, [9f]) });
        await store.ReadStateAsync("block", id, after);
        Assert.False(after.RecordExists);
        Assert.Null(after.ETag);
        Assert.Null(after.State!.Block);
    }

    private static CopyingMemoryGrainStorage Store(ClusterHarness harness, out GrainId id)
    {
        var services = harness.Cluster.Silos[0].SiloHost.Services;
        id = GrainId.Create("test", Guid.NewGuid().ToString("N"));
        return new CopyingMemoryGrainStorage("test-" + Guid.NewGuid().ToString("N"), services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<DeepCopier>());
    }
}
