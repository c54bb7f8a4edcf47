using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>One durable, write-once block of a factor snapshot.</summary>
public sealed class FactorBlockGrain(
    [PersistentState("block", StorageNames.Snapshots)] IPersistentState<FactorBlockState> state,
    SnapshotCache snapshots,
    ILogger<FactorBlockGrain> logger) : Grain, IFactorBlockGrain
{
    /// <summary>Bytes of the block this activation holds, as counted in the silo's <see cref="HeldFactorBytes"/>.</summary>
    private long _held;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Hold();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        snapshots.Held.AddBlocks(-_held);
        _held = 0;
        return Task.CompletedTask;
    }

    public async Task Write(FactorBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Floats.Length != block.Rows * block.Factors)
        {
            throw new ArgumentException($"Block {this.GetPrimaryKeyString()}: {block.Floats.Length} floats for {block.Rows} rows of {block.Factors}.", nameof(block));
        }

        // A block read back must be one storage holds: a failed write reloads, and the sweep that wrote it retries.
        state.State.Block = block;
        try
        {
            await StateWrites.WriteOrReloadAsync(state, this, logger, $"{block.Rows} factor rows");
        }
        finally
        {
            Hold();
        }
    }

    public Task<FactorBlock?> Read() => Task.FromResult(state.State.Block);

    public Task<float[]> ReadRow(int index)
    {
        var block = state.State.Block
            ?? throw new InvalidOperationException($"Factor block {this.GetPrimaryKeyString()} holds no rows (never written, or cleared): row {index} cannot be read.");
        if (index < block.FirstRow || index >= block.FirstRow + block.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Row {index} is not in factor block {this.GetPrimaryKeyString()} (rows {block.FirstRow} to {block.FirstRow + block.Rows - 1}).");
        }

        return Task.FromResult(SnapshotBlocks.Row(block, index).ToArray());
    }

    public Task<FactorRows> ReadRows(ImmutableArray<int> rows, string? callerSilo = null)
    {
        var block = state.State.Block ?? throw new InvalidOperationException($"Block {this.GetPrimaryKeyString()} holds no factors: {rows.Length} rows were asked of it.");
        var k = block.Factors;
        var wholeBlock = 2 * rows.Length >= block.Rows || callerSilo == RuntimeIdentity;
        var bytes = wholeBlock ? [] : new byte[rows.Length * k * sizeof(float)];
        var target = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        var source = block.Floats;
        for (var i = 0; i < rows.Length; i++)
        {
            var local = rows[i] - block.FirstRow;
            if ((uint)local >= (uint)block.Rows)
            {
                throw new ArgumentException($"Block {this.GetPrimaryKeyString()} holds rows {block.FirstRow}..{block.FirstRow + block.Rows - 1}; row {rows[i]} (position {i}) is not one of them.", nameof(rows));
            }

            if (!wholeBlock)
            {
                source.Slice(local * k, k).CopyTo(target.Slice(i * k, k));
            }
        }

        // At least half the block, or a caller in this silo: its stored bytes as they are (within a silo no copy, which
        // the caller reads in place; across silos at most twice the rows asked for) rather than a gathered copy, which a
        // partition holds until its solve ends.
        return Task.FromResult(wholeBlock ? new FactorRows(block.Rows, k, block.Bytes, block.FirstRow) : new FactorRows(rows.Length, k, bytes));
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        Hold();
        DeactivateOnIdle();
    }

    /// <summary>Counts what the activation holds now in the silo's total (the change since the last count).</summary>
    private void Hold()
    {
        var bytes = state.State.Block?.Bytes.LongLength ?? 0;
        snapshots.Held.AddBlocks(bytes - _held);
        _held = bytes;
    }
}
