using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>
/// What a partition solves against: the other side's factors with the partition's observations, columns numbered into
/// those factors (the whole snapshot, or the compact out-block, assembled when the solve runs, off the grain
/// scheduler, and handed back by <see cref="Release"/> after it), the Gramian F^T F + lambda I of the whole other
/// side, and the bytes of factor rows that getting them moved through grain calls.
/// </summary>
internal sealed record FixedSide(Func<(FactorMatrix Factors, CsrMatrix Excess)> Assemble, Action<FactorMatrix> Release, float[] Gramian, long Bytes);
