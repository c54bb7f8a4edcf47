using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>One durable, write-once block of a factor snapshot.</summary>
public sealed class FactorBlockGrain(
    [PersistentState("block", StorageNames.Snapshots)] IPersistentState<FactorBlockState> state,
    ILogger<FactorBlockGrain> logger) : Grain, IFactorBlockGrain
{
    public async Task Write(FactorBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Floats.Length != block.Rows * block.Factors)
        {
            throw new ArgumentException($"Block {this.GetPrimaryKeyString()}: {block.Floats.Length} floats for {block.Rows} rows of {block.Factors}.", nameof(block));
        }

        // A block read back must be one storage holds: a failed write reloads, and the sweep that wrote it retries.
        state.State.Block = block;
        await StateWrites.WriteOrReloadAsync(state, this, logger, $"{block.Rows} factor rows");
    }

    public Task<FactorBlock?> Read() => Task.FromResult(state.State.Block);

    public async Task Clear()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
