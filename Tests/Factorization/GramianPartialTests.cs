using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Factorization;

/// <summary>The Gramian from per-partition partial sums (what the artist half-sweep uses) against the whole matrix's.</summary>
public sealed class GramianPartialTests
{
    [Fact]
    public void Partition_sums_added_in_order_give_the_whole_matrix_Gramian()
    {
        const int K = 24;
        var x = RandomProblems.Factors(10_000, K, seed: 5);
        var expected = Gramian.Compute(x, 0.7f, 2);

        var sum = new double[x.Stride * x.Stride];
        for (var first = 0; first < x.Rows; first += SnapshotKeys.BlockRows)
        {
            var rows = Math.Min(SnapshotKeys.BlockRows, x.Rows - first);
            var block = new FactorMatrix(rows, K, x.Data.AsSpan(first * x.Stride, rows * x.Stride).ToArray());
            Gramian.Accumulate(sum, Gramian.PartialSum(block, 2));
        }

        var actual = Gramian.Finish(sum, K, 0.7f);
        Assert.Equal(0, SnapshotKeys.BlockRows % Gramian.ChunkRows);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // The same float chunk sums, added in double in another grouping: equal after rounding to float.
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-6f * MathF.Max(1f, MathF.Abs(expected[i])), $"entry {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void A_partial_of_another_size_is_refused()
    {
        var sum = new double[16 * 16];
        var error = Assert.Throws<ArgumentException>(() => Gramian.Accumulate(sum, new double[32 * 32]));
        Assert.Contains("1024", error.Message);
    }
}
