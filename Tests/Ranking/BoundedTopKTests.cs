using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;
using MusicRecs.Tests.Factorization;

namespace MusicRecs.Tests.Ranking;

public sealed class BoundedTopKTests
{
    [Theory]
    [InlineData(500, 64, 10, 1)]
    [InlineData(300, 10, 25, 2)]
    [InlineData(129, 33, 1, 3)]
    [InlineData(20, 8, 50, 4)]
    public void EqualsTheFullFloatPass(int rows, int k, int n, int seed)
    {
        var factors = RandomProblems.Factors(rows, k, seed);
        var codes = QuantizedFactors.Build(factors);
        var ranking = new BoundedTopK();
        var rng = new Random(seed);
        for (var q = 0; q < 30; q++)
        {
            var x = RandomProblems.Factors(1, k, seed * 100 + q).Vector(0).ToArray();
            var excluded = Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < 0.2).ToArray();
            var (expected, expectedScores) = FullPass(factors, x, excluded, n);

            var top = new int[n];
            var scores = new float[n];
            var found = ranking.Select(codes, factors, x, excluded, top, scores);

            Assert.Equal(expected, top[..found]);
            for (var t = 0; t < found; t++)
            {
                Assert.Equal(expectedScores[t], scores[t], 1e-5f);
            }

            Assert.InRange(ranking.LastCandidates, found, rows);
        }
    }

    [Fact]
    public void ScoresOnlyAFewRowsInFloat()
    {
        var factors = RandomProblems.Factors(5000, 64, seed: 21);
        var codes = QuantizedFactors.Build(factors);
        var ranking = new BoundedTopK();
        var x = RandomProblems.Factors(1, 64, seed: 22).Vector(0).ToArray();
        var found = ranking.Select(codes, factors, x, [], new int[10], new float[10]);
        Assert.Equal(10, found);
        Assert.InRange(ranking.LastCandidates, 10, 200);
    }

    [Fact]
    public void EqualScoresRankByLowerIndex()
    {
        // Rows 2, 5 and 9 are the same vector, the best for x: they tie and come out in index order.
        var factors = RandomProblems.Factors(12, 6, seed: 31, scale: 0.1f);
        float[] best = [1f, 1f, 1f, 1f, 1f, 1f];
        foreach (var r in new[] { 2, 5, 9 })
        {
            best.CopyTo(factors.Row(r));
        }

        var top = new int[3];
        var scores = new float[3];
        var found = new BoundedTopK().Select(QuantizedFactors.Build(factors), factors, best, [5], top, scores);
        Assert.Equal(3, found);
        Assert.Equal([2, 9], top[..2]);
        Assert.Equal(scores[0], scores[1]);
    }

    [Fact]
    public void ReturnsEveryRowLeftWhenFewerThanAsked()
    {
        var factors = RandomProblems.Factors(5, 4, seed: 41);
        var x = RandomProblems.Factors(1, 4, seed: 42).Vector(0).ToArray();
        var top = new int[10];
        var found = new BoundedTopK().Select(QuantizedFactors.Build(factors), factors, x, [0, 3], top, new float[10]);
        Assert.Equal(3, found);
        Assert.Equal(FullPass(factors, x, [0, 3], 10).Top, top[..found]);
    }

    [Theory]
    [InlineData(3000, 64, 10, 61)]
    [InlineData(1000, 37, 3, 62)]
    [InlineData(2000, 16, 20, 63)]
    public void SkipsBlocksThatCannotReachTheTopAndStillEqualsTheFullPass(int rows, int k, int n, int seed)
    {
        // A few long rows among many short ones, as ALS leaves the rarely played artists short.
        var factors = RandomProblems.Factors(rows, k, seed);
        var rng = new Random(seed);
        for (var r = 0; r < rows; r++)
        {
            var scale = rng.NextDouble() < 0.05 ? 1f : MathF.Pow(10f, -2f - (float)rng.NextDouble());
            foreach (ref var v in factors.Row(r))
            {
                v *= scale;
            }
        }

        var codes = QuantizedFactors.Build(factors);
        var ranking = new BoundedTopK();
        var skipped = 0;
        for (var q = 0; q < 20; q++)
        {
            var x = RandomProblems.Factors(1, k, seed * 100 + q).Vector(0).ToArray();
            var excluded = Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < 0.1).ToArray();
            var (expected, expectedScores) = FullPass(factors, x, excluded, n);
            var top = new int[n];
            var scores = new float[n];
            var found = ranking.Select(codes, factors, x, excluded, top, scores);
            Assert.Equal(expected, top[..found]);
            for (var t = 0; t < found; t++)
            {
                Assert.Equal(expectedScores[t], scores[t], 1e-5f);
            }

            skipped += codes.PaddedRows / QuantizedFactors.BlockRows - ranking.LastBlocks;
        }

        Assert.True(skipped > 0, "no block was skipped");
    }

    [Fact]
    public void APatchedRowThatBecameTheBestIsFound()
    {
        // Row 5 starts as the shortest row of all, in a block the search would skip; patched, it is x itself.
        var factors = RandomProblems.Factors(2000, 32, seed: 71);
        factors.Row(5).Clear();
        var codes = QuantizedFactors.Build(factors);
        var x = RandomProblems.Factors(1, 32, seed: 72).Vector(0).ToArray();
        var patched = new FactorMatrix(2000, 32);
        factors.Data.AsSpan().CopyTo(patched.Data);
        x.AsSpan().CopyTo(patched.Row(5));
        foreach (ref var v in patched.Row(5)[..32])
        {
            v *= 10f;
        }

        var top = new int[3];
        var found = new BoundedTopK().Select(codes.WithRows(patched, [5]), patched, x, [], top, new float[3]);
        Assert.Equal(3, found);
        Assert.Equal(5, top[0]);
        Assert.Equal(FullPass(patched, x, [], 3).Top, top);
    }

    [Fact]
    public void CosineEqualsTheFullPass()
    {
        var factors = RandomProblems.Factors(400, 32, seed: 51);
        factors.Row(7).Clear(); // a zero row scores 0, as the full pass has it
        var norms = FactorScoring.RowNorms(factors);
        var codes = QuantizedFactors.Build(factors);
        var ranking = new BoundedTopK();
        foreach (var artist in new[] { 0, 7, 123, 399 })
        {
            var x = factors.Vector(artist);
            var sims = new float[factors.Rows];
            for (var i = 0; i < factors.Rows; i++)
            {
                var d = norms[artist] * norms[i];
                sims[i] = d > 0f ? Simd.Dot(factors.Row(i), factors.Row(artist)) / d : 0f;
            }

            var expected = TopK.Select(sims, 10, [artist]);
            var top = new int[10];
            var scores = new float[10];
            var found = ranking.SelectCosine(codes, factors, norms, x, norms[artist], [artist], top, scores);
            Assert.Equal(expected, top[..found]);
            Assert.Equal(expected.Select(i => sims[i]), scores[..found]);
        }
    }

    private static (int[] Top, float[] Scores) FullPass(FactorMatrix factors, float[] x, int[] excluded, int n)
    {
        var all = new float[factors.Rows];
        var padded = new float[factors.Stride];
        x.CopyTo(padded, 0);
        FactorScoring.ScoreAll(factors, padded, all);
        var top = TopK.Select(all, n, excluded);
        return (top, [.. top.Select(i => all[i])]);
    }
}
