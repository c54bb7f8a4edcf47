using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void HandCase()
    {
        // 3 users, 4 artists, score(u, a) = a, k = 2.
        // train: u0 {0}, u1 {} (no training row), u2 {1, 2}
        // test : u0 {1: 3 plays}, u1 {3: 1 play}, u2 {2} (also in training: ignored, u2 not evaluated)
        // u0: candidates {1, 2, 3}, top-2 [3, 2], no hit: P = R = MAP = NDCG = 0;
        //     artist 1 is below both negatives: AUC 0, percentile 2/2 = 1.
        // u1: candidates {0..3}, top-2 [3, 2], hit at 1: P = 1/2, R = MAP = NDCG = 1, AUC 1, percentile 0.
        // Means over 2 users: P 0.25, R 0.5, MAP 0.5, NDCG 0.5, AUC 0.5;
        // EPR = (1 + 0) / 2 = 0.5; weighted = (3·1 + 1·0) / 4 = 0.75.
        var train = CsrMatrix.FromTriples(3, 4, [0, 2, 2], [0, 1, 2], [1f, 1f, 1f]);
        var test = CsrMatrix.FromTriples(3, 4, [0, 1, 2], [1, 3, 2], [3f, 1f, 5f]);
        var scorer = new DelegateScorer(4, (_, a) => a);

        var r = Evaluator.Evaluate(train, test, scorer, k: 2, threads: 1);

        Assert.Equal(2, r.Users);
        Assert.Equal(0.25, r.Precision, Tolerance);
        Assert.Equal(0.5, r.Recall, Tolerance);
        Assert.Equal(0.5, r.Map, Tolerance);
        Assert.Equal(0.5, r.Ndcg, Tolerance);
        Assert.Equal(0.5, r.Auc, Tolerance);
        Assert.Equal(0.5, r.Epr, Tolerance);
        Assert.Equal(0.75, r.EprWeighted, Tolerance);
    }

    [Fact]
    public void OracleScorerIsPerfect()
    {
        // With at most 7 artists per user and minRows 5, every eligible user holds out exactly
        // round(0.2 · n) = 1 artist, so the oracle puts it at percentile 0.
        var (train, test) = Holdout.Split(RandomPlays.Create(200, 80, maxPerUser: 7, seed: 5));
        var r = Evaluator.Evaluate(train, test, Oracle(test, sign: 1f), threads: 2);

        Assert.True(r.Users > 50);
        Assert.Equal(1.0, r.Ndcg, Tolerance);
        Assert.Equal(1.0, r.Recall, Tolerance);
        Assert.Equal(1.0, r.Map, Tolerance);
        Assert.Equal(0.1, r.Precision, Tolerance);
        Assert.Equal(1.0, r.Auc, Tolerance);
        Assert.Equal(0.0, r.Epr, Tolerance);
        Assert.Equal(0.0, r.EprWeighted, Tolerance);
    }

    [Fact]
    public void OracleWithSeveralTestArtistsReachesTheTieBound()
    {
        // The oracle scores all m test artists equally at the top, so each sits at
        // (½ (m − 1)) / (C − 1), the lowest EPR a user with m test artists can reach with ties.
        var (train, test) = Holdout.Split(RandomPlays.Create(150, 90, maxPerUser: 40, seed: 6));
        var r = Evaluator.Evaluate(train, test, Oracle(test, sign: 1f), threads: 2);

        double sum = 0;
        long pairs = 0;
        for (var u = 0; u < test.Rows; u++)
        {
            var m = test.RowLength(u);
            var candidates = test.Columns - train.RowLength(u);
            sum += m * (0.5 * (m - 1) / (candidates - 1));
            pairs += m;
        }

        Assert.Equal(1.0, r.Ndcg, Tolerance);
        Assert.Equal(1.0, r.Auc, Tolerance);
        Assert.Equal(sum / pairs, r.Epr, Tolerance);
    }

    [Fact]
    public void ReversedScorerIsWorst()
    {
        var (train, test) = Holdout.Split(RandomPlays.Create(200, 80, maxPerUser: 7, seed: 5));
        var r = Evaluator.Evaluate(train, test, Oracle(test, sign: -1f), threads: 2);

        Assert.Equal(0.0, r.Precision, Tolerance);
        Assert.Equal(0.0, r.Ndcg, Tolerance);
        Assert.Equal(0.0, r.Map, Tolerance);
        Assert.Equal(0.0, r.Auc, Tolerance);
        Assert.Equal(1.0, r.Epr, Tolerance);
        Assert.Equal(1.0, r.EprWeighted, Tolerance);
    }

    [Fact]
    public void ResultDoesNotDependOnThreadCount()
    {
        var (train, test) = Holdout.Split(RandomPlays.Create(700, 300, maxPerUser: 40, seed: 9));
        var scorer = new DelegateScorer(300, RandomPlays.HashScore);

        var one = Evaluator.Evaluate(train, test, scorer, threads: 1);
        var four = Evaluator.Evaluate(train, test, scorer, threads: 4);

        Assert.Equal(one, four);
        Assert.InRange(one.Auc, 0.4, 0.6);
        Assert.InRange(one.Epr, 0.4, 0.6);
    }

    [Fact]
    public void PopularityBeatsChanceOnSkewedData()
    {
        // Artist a is listened to with probability decreasing in a, so popularity carries signal.
        var random = new Random(4);
        var rows = new List<int>();
        var cols = new List<int>();
        for (var u = 0; u < 300; u++)
        {
            for (var a = 0; a < 100; a++)
            {
                if (random.NextDouble() < 0.3 * Math.Exp(-a / 15.0))
                {
                    rows.Add(u);
                    cols.Add(a);
                }
            }
        }

        var plays = CsrMatrix.FromTriples(300, 100, [.. rows], [.. cols], Enumerable.Repeat(1f, rows.Count).ToArray());
        var (train, test) = Holdout.Split(plays);
        var r = Evaluator.Evaluate(train, test, new PopularityScorer(train), threads: 2);

        Assert.True(r.Auc > 0.7, $"AUC {r.Auc}");
        Assert.True(r.Epr < 0.3, $"EPR {r.Epr}");
    }

    [Fact]
    public void JsonObjectHasTheReportKeys()
    {
        var result = new EvaluationResult(10, 3, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7);
        var json = result.ToJsonObject();

        Assert.Equal(["precision@10", "recall@10", "map@10", "ndcg@10", "auc", "epr", "epr_weighted", "users"], json.Keys);
        Assert.Equal(0.4, json["ndcg@10"]);
        Assert.Equal(3, json["users"]);
        Assert.Contains("ndcg@5", (result with { K = 5 }).ToJsonObject().Keys);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        var train = CsrMatrix.FromTriples(2, 3, [0], [0], [1f]);
        var test = CsrMatrix.FromTriples(2, 4, [0], [1], [1f]);

        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(train, test, new DelegateScorer(3, (_, _) => 0f)));
    }

    /// <summary>Scores sign · 1 for the user's test artists and 0 for every other artist.</summary>
    private static DelegateScorer Oracle(CsrMatrix test, float sign) =>
        new(test.Columns, (u, a) => test.Get(u, a) > 0 ? sign : 0f);
}
