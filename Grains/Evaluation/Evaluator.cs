using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Scores every test user and aggregates <see cref="RankingMetrics"/> over them (docs/metrics.md).
/// A user is evaluated when it has at least one test artist that is not among its training artists;
/// users without any training row are evaluated too. Training artists are excluded from the ranking
/// and from the AUC/EPR candidates, and test artists that also occur in training are ignored.
/// </summary>
public static class Evaluator
{
    /// <summary>Users per work block; blocks are handed to threads as they become free.</summary>
    private const int BlockSize = 64;

    /// <summary>
    /// Evaluates <paramref name="scorer"/> on <paramref name="test"/> with <paramref name="train"/> masked out.
    /// <paramref name="threads"/> ≤ 0 means <see cref="Environment.ProcessorCount"/>. The result does not
    /// depend on the thread count: per-user values are stored by user and summed in user order.
    /// <see cref="IScorer.Score"/> is called concurrently and must be thread-safe.
    /// </summary>
    public static EvaluationResult Evaluate(CsrMatrix train, CsrMatrix test, IScorer scorer, int k = RankingMetrics.DefaultK, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (train.Rows != test.Rows || train.Columns != test.Columns)
        {
            throw new ArgumentException($"Train is {train.Rows}x{train.Columns} but test is {test.Rows}x{test.Columns}.", nameof(test));
        }

        if (scorer.Items != train.Columns)
        {
            throw new ArgumentException($"The scorer scores {scorer.Items} artists but the matrices have {train.Columns}.", nameof(scorer));
        }

        var perUser = new UserMetrics[test.Rows];
        var blocks = (test.Rows + BlockSize - 1) / BlockSize;
        var workers = Math.Clamp(threads > 0 ? threads : Environment.ProcessorCount, 1, Math.Max(1, blocks));
        var nextBlock = -1;
        void Work()
        {
            var worker = new UserWorker(train, test, scorer, k, perUser);
            int block;
            while ((block = Interlocked.Increment(ref nextBlock)) < blocks)
            {
                var end = Math.Min(test.Rows, (block + 1) * BlockSize);
                for (var u = block * BlockSize; u < end; u++)
                {
                    worker.Evaluate(u);
                }
            }
        }

        if (workers == 1)
        {
            Work();
        }
        else
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }

        return Aggregate(perUser, k);
    }

    /// <summary>Macro means over evaluated users (Pairs &gt; 0) and pooled EPR sums, in user order.</summary>
    private static EvaluationResult Aggregate(UserMetrics[] perUser, int k)
    {
        var users = 0;
        var aucUsers = 0;
        long pairs = 0;
        double precision = 0, recall = 0, map = 0, ndcg = 0, auc = 0, percentiles = 0, weighted = 0, plays = 0;
        foreach (var m in perUser)
        {
            if (m.Pairs == 0)
            {
                continue;
            }

            users++;
            precision += m.Precision;
            recall += m.Recall;
            map += m.Map;
            ndcg += m.Ndcg;
            if (!double.IsNaN(m.Auc))
            {
                aucUsers++;
                auc += m.Auc;
            }

            pairs += m.Pairs;
            percentiles += m.PercentileSum;
            weighted += m.WeightedPercentileSum;
            plays += m.PlaySum;
        }

        return new EvaluationResult(
            k,
            users,
            Mean(precision, users),
            Mean(recall, users),
            Mean(map, users),
            Mean(ndcg, users),
            Mean(auc, aucUsers),
            Mean(percentiles, pairs),
            plays > 0 ? weighted / plays : double.NaN);
    }

    private static double Mean(double sum, long count) => count > 0 ? sum / count : double.NaN;
}
