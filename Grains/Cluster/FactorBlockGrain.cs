using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Cluster;

/// <summary>One durable, write-once block of a factor snapshot.</summary>
public sealed class FactorBlockGrain(
    [PersistentState("block", StorageNames.Snapshots)] IPersistentState<FactorBlockState> state) : Grain, IFactorBlockGrain
{
    public async Task Write(FactorBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Floats.Length != block.Rows * block.Factors)
        {
            throw new ArgumentException($"Block {this.GetPrimaryKeyString()}: {block.Floats.Length} floats for {block.Rows} rows of {block.Factors}.", nameof(block));
        }

        state.State.Block = block;
        await state.WriteStateAsync();
    }

    public Task<FactorBlock?> Read() => Task.FromResult(state.State.Block);

    public async Task Clear()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
