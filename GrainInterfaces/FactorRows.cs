using System.Runtime.InteropServices;

namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Rows of a factor snapshot block, <see cref="Factors"/> floats a row, carried as raw bytes like <see cref="FactorBlock"/>:
/// the rows asked for, in that order (<see cref="FirstRow"/> -1), or, when at least half the block was asked for, the
/// whole block from row <see cref="FirstRow"/> (its stored bytes: no gather, and within a silo no copy).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.FactorRows")]
public sealed record FactorRows(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Factors,
    [property: Id(2)] byte[] Bytes,
    [property: Id(3)] int FirstRow = -1)
{
    public ReadOnlySpan<float> Floats => MemoryMarshal.Cast<byte, float>(Bytes);

    /// <summary>Snapshot row <paramref name="row"/>, the <paramref name="position"/>-th of those asked for.</summary>
    public ReadOnlySpan<float> Row(int row, int position) => Floats.Slice((FirstRow < 0 ? position : row - FirstRow) * Factors, Factors);
}
