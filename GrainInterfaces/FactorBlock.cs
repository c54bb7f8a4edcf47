namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Rows [FirstRow, FirstRow + Rows) of a factor snapshot, row-major with <see cref="Factors"/> floats a row.
/// Immutable once written.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.FactorBlock")]
public sealed record FactorBlock(
    [property: Id(0)] int FirstRow,
    [property: Id(1)] int Rows,
    [property: Id(2)] int Factors,
    [property: Id(3)] float[] Data);
