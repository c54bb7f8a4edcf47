using System.Runtime.InteropServices;

namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Some rows of a factor snapshot block, in the order they were asked for, <see cref="Factors"/> floats a row,
/// carried as raw bytes like <see cref="FactorBlock"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.FactorRows")]
public sealed record FactorRows(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Factors,
    [property: Id(2)] byte[] Bytes)
{
    public ReadOnlySpan<float> Floats => MemoryMarshal.Cast<byte, float>(Bytes);
}
