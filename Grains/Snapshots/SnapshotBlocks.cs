using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Snapshots;

/// <summary>Moves rows between a compact <see cref="FactorBlock"/> (k floats a row) and a padded factor matrix.</summary>
public static class SnapshotBlocks
{
    public static void CopyInto(FactorBlock block, FactorMatrix target)
    {
        if (block.Factors != target.Factors || block.FirstRow + block.Rows > target.Rows || block.Floats.Length != block.Rows * block.Factors)
        {
            throw new InvalidOperationException($"Block at row {block.FirstRow} ({block.Rows}x{block.Factors}) does not fit a {target.Rows}x{target.Factors} snapshot.");
        }

        for (var r = 0; r < block.Rows; r++)
        {
            block.Floats.Slice(r * block.Factors, block.Factors).CopyTo(target.Row(block.FirstRow + r));
        }
    }

    public static ReadOnlySpan<float> Row(FactorBlock block, int row) => block.Floats.Slice((row - block.FirstRow) * block.Factors, block.Factors);
}
