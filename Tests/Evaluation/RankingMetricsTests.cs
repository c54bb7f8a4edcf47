using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-12;

    // Hand case: 7 artists with scores
    //   artist: 0    1    2    3    4    5    6
    //   score : 0.9  5.0  0.3  0.8  0.3  0.1  0.6
    // training = {1} (excluded), test = {3, 4} with plays {2, 6}.
    // Candidates C = {0, 2, 3, 4, 5, 6} (6 artists); ranking, ties by lower index:
    //   0 (0.9), 3 (0.8), 6 (0.6), 2 (0.3), 4 (0.3), 5 (0.1)
    // k = 3: top = [0, 3, 6], one hit at position 2, min(k, |test|) = 2.
    //   P@3 = 1/3, R@3 = 1/2, MAP@3 = (1/2) / 2 = 1/4,
    //   DCG = 1/log2(3), IDCG = 1 + 1/log2(3), NDCG = 1 / (1 + log2 3) = 1 / log2(6).
    // AUC: positives 3 (0.8) and 4 (0.3) vs negatives 0 (0.9), 2 (0.3), 5 (0.1), 6 (0.6):
    //   artist 3 beats 2, 5, 6 = 3; artist 4 beats 5, ties 2 = 1.5; AUC = 4.5 / 8 = 0.5625.
    // Percentiles over C − 1 = 5:
    //   artist 3: 1 higher (0)                     -> 1/5 = 0.2
    //   artist 4: 3 higher (0, 3, 6), 1 equal (2)  -> 3.5/5 = 0.7
    //   EPR = (0.2 + 0.7) / 2 = 0.45; weighted = (2·0.2 + 6·0.7) / 8 = 4.6 / 8 = 0.575.
    private static readonly float[] HandScores = [0.9f, 5.0f, 0.3f, 0.8f, 0.3f, 0.1f, 0.6f];
    private static readonly int[] HandTrain = [1];
    private static readonly int[] HandTest = [3, 4];
    private static readonly float[] HandPlays = [2f, 6f];

    [Fact]
    public void HandCaseAtThree()
    {
        var m = RankingMetrics.ForUser(HandScores, HandTrain, HandTest, HandPlays, k: 3);

        Assert.Equal(1.0 / 3.0, m.Precision, Tolerance);
        Assert.Equal(0.5, m.Recall, Tolerance);
        Assert.Equal(0.25, m.Map, Tolerance);
        Assert.Equal(1.0 / Math.Log2(6), m.Ndcg, Tolerance);
        Assert.Equal(0.5625, m.Auc, Tolerance);
        Assert.Equal(2, m.Pairs);
        Assert.Equal(0.45, m.PercentileSum / m.Pairs, Tolerance);
        Assert.Equal(0.575, m.WeightedPercentileSum / m.PlaySum, Tolerance);
    }

    [Fact]
    public void HandCaseAtTen()
    {
        // Only 6 candidates: ranked = [0, 3, 6, 2, 4, 5], hits at positions 2 and 5.
        // P@10 = 2/10, R@10 = 2/2, MAP@10 = (1/2 + 2/5) / 2 = 0.45,
        // NDCG@10 = (1/log2 3 + 1/log2 6) / (1 + 1/log2 3).
        var m = RankingMetrics.ForUser(HandScores, HandTrain, HandTest, HandPlays);

        Assert.Equal(0.2, m.Precision, Tolerance);
        Assert.Equal(1.0, m.Recall, Tolerance);
        Assert.Equal(0.45, m.Map, Tolerance);
        Assert.Equal((1 / Math.Log2(3) + 1 / Math.Log2(6)) / (1 + 1 / Math.Log2(3)), m.Ndcg, Tolerance);
        Assert.Equal(0.5625, m.Auc, Tolerance);
    }

    [Fact]
    public void PercentilesOfHandCase()
    {
        var percentiles = new double[2];
        var auc = RankingMetrics.PercentilesAndAuc(HandScores, HandTrain, HandTest, percentiles);

        Assert.Equal(0.5625, auc, Tolerance);
        Assert.Equal(0.2, percentiles[0], Tolerance);
        Assert.Equal(0.7, percentiles[1], Tolerance);
    }

    [Fact]
    public void AllTiedScoresGiveMidRank()
    {
        // 5 equal scores, training {0}: 4 candidates; test artist 2 has 0 higher and 3 equal others:
        // percentile = 1.5 / 3 = 0.5; every pair with a negative ties: AUC = 0.5.
        float[] scores = [1f, 1f, 1f, 1f, 1f];
        var percentiles = new double[1];
        var auc = RankingMetrics.PercentilesAndAuc(scores, [0], [2], percentiles);

        Assert.Equal(0.5, auc, Tolerance);
        Assert.Equal(0.5, percentiles[0], Tolerance);
    }

    [Fact]
    public void PartialTiesCountHalf()
    {
        // scores [1, 2, 2, 2, 0], no training, test {2}: C = 5, 0 higher, 2 equal others:
        // percentile = 1 / 4 = 0.25. Versus negatives 0 (1), 1 (2), 3 (2), 4 (0): 1 + ½ + ½ + 1 = 3 -> AUC 0.75.
        float[] scores = [1f, 2f, 2f, 2f, 0f];
        var percentiles = new double[1];
        var auc = RankingMetrics.PercentilesAndAuc(scores, [], [2], percentiles);

        Assert.Equal(0.75, auc, Tolerance);
        Assert.Equal(0.25, percentiles[0], Tolerance);
    }

    [Fact]
    public void NaNScoresRankAsNegativeInfinity()
    {
        // Keys [−∞, −∞, 1, −∞, 2]; excluded {3}; test {0}: C = 4, 2 higher (2, 4), 1 equal other (1):
        // percentile = 2.5 / 3. Versus negatives 1 (tie), 2, 4: AUC = 0.5 / 3.
        float[] scores = [float.NaN, float.NegativeInfinity, 1f, float.NaN, 2f];
        var percentiles = new double[1];
        var auc = RankingMetrics.PercentilesAndAuc(scores, [3], [0], percentiles);

        Assert.Equal(0.5 / 3, auc, Tolerance);
        Assert.Equal(2.5 / 3, percentiles[0], Tolerance);
    }

    [Fact]
    public void RecallAndMapUseMinOfKAndTestSize()
    {
        // k = 2, both recommendations are among 5 test artists: R = 2 / min(2, 5) = 1, AP = (1/1 + 2/2) / 2 = 1.
        int[] ranked = [4, 7];
        int[] test = [1, 2, 4, 7, 9];

        Assert.Equal(1.0, RankingMetrics.Precision(ranked, test, 2), Tolerance);
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, test, 2), Tolerance);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(ranked, test, 2), Tolerance);
        Assert.Equal(1.0, RankingMetrics.Ndcg(ranked, test, 2), Tolerance);
    }

    [Fact]
    public void MissAtTopLowersMapAndNdcg()
    {
        // ranked [5, 1, 3], test {1, 3}: hits at 2 and 3. AP = (1/2 + 2/3) / 2 = 7/12.
        // NDCG = (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
        int[] ranked = [5, 1, 3];
        int[] test = [1, 3];

        Assert.Equal(7.0 / 12.0, RankingMetrics.AveragePrecision(ranked, test, 3), Tolerance);
        Assert.Equal((1 / Math.Log2(3) + 0.5) / (1 + 1 / Math.Log2(3)), RankingMetrics.Ndcg(ranked, test, 3), Tolerance);
    }

    [Fact]
    public void AucIsNaNWithoutNegatives()
    {
        float[] scores = [3f, 2f, 1f];
        Assert.True(double.IsNaN(RankingMetrics.Auc(scores, [0], [1, 2])));
    }

    [Theory]
    [InlineData(12, 7)] // few distinct test scores: per-threshold SIMD counting
    [InlineData(100_000, 8)] // many distinct test scores: binary-search placement
    public void MatchesBruteForceOnRandomData(int levels, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 40; trial++)
        {
            var n = random.Next(2, 400);
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, levels)).ToArray();
            if (trial % 4 == 0)
            {
                // Broken scores rank as −∞, tied with a true −∞.
                scores[random.Next(n)] = float.NaN;
                scores[random.Next(n)] = float.NegativeInfinity;
                scores[random.Next(n)] = float.NaN;
            }

            var shuffled = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            var excludedCount = random.Next(0, n / 2);
            var testCount = random.Next(1, n - excludedCount);
            var excluded = shuffled[..excludedCount].Order().ToArray();
            var test = shuffled[excludedCount..(excludedCount + testCount)].Order().ToArray();
            var excludedSet = excluded.ToHashSet();
            var testSet = test.ToHashSet();

            var percentiles = new double[test.Length];
            var auc = RankingMetrics.PercentilesAndAuc(scores, excluded, test, percentiles);

            if (testCount < n - excludedCount)
            {
                Assert.Equal(NaiveMetrics.Auc(scores, excludedSet, testSet), auc, 1e-12);
            }

            for (var i = 0; i < test.Length; i++)
            {
                Assert.Equal(NaiveMetrics.Percentile(scores, excludedSet, test[i]), percentiles[i], 1e-12);
            }

            var k = random.Next(1, 20);
            var ranked = NaiveMetrics.Ranking(scores, excludedSet)[..Math.Min(k, n - excludedCount)];
            Assert.Equal(ranked, TopK.Select(scores, k, excluded));
        }
    }
}
