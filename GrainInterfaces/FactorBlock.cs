using System.Runtime.InteropServices;

namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Rows [FirstRow, FirstRow + Rows) of a factor snapshot, row-major with <see cref="Factors"/> floats a row.
/// The floats travel and are stored as raw bytes: the serializer copies a byte array in one piece but
/// writes a float array element by element (measured: 19 ms against well under 1 ms for a 1 MiB block).
/// Immutable once written.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.FactorBlock")]
public sealed record FactorBlock(
    [property: Id(0)] int FirstRow,
    [property: Id(1)] int Rows,
    [property: Id(2)] int Factors,
    [property: Id(3)] byte[] Bytes)
{
    public ReadOnlySpan<float> Floats => MemoryMarshal.Cast<byte, float>(Bytes);

    public static FactorBlock FromFloats(int firstRow, int rows, int factors, ReadOnlySpan<float> data) =>
        new(firstRow, rows, factors, MemoryMarshal.AsBytes(data).ToArray());
}
