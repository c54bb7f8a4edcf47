namespace MusicRecs.Grains.Training;

/// <summary>A solved partition: its rows (k floats each, as the bytes a block stores), its loss terms, for the user side X_b^T X_b in double, and the fixed side's bytes moved.</summary>
internal sealed record SolvedBlock(byte[] Rows, double Loss, double[]? Gramian, long FixedBytes);
