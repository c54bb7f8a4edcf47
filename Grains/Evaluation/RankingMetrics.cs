using MusicRecs.Grains.Ranking;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Per-user ranking metrics (definitions and formulas in docs/metrics.md).
/// <para>
/// Top-k metrics take <c>ranked</c>, the recommended artists best first with training artists already
/// removed (only the first k are read), and <c>test</c>, the user's held-out artists sorted ascending.
/// AUC and percentile ranks take the full score vector and rank the candidates: every artist not in
/// <c>excluded</c> (the training artists, sorted ascending); <c>test</c> must be disjoint from it.
/// </para>
/// </summary>
public static class RankingMetrics
{
    public const int DefaultK = 10;

    /// <summary>P@k = hits / k.</summary>
    public static double Precision(ReadOnlySpan<int> ranked, ReadOnlySpan<int> test, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return (double)Hits(ranked, test, k) / k;
    }

    /// <summary>R@k = hits / min(k, |test|), so a perfect list scores 1 even when |test| &gt; k.</summary>
    public static double Recall(ReadOnlySpan<int> ranked, ReadOnlySpan<int> test, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return test.IsEmpty ? 0.0 : (double)Hits(ranked, test, k) / Math.Min(k, test.Length);
    }

    /// <summary>AP@k = Σ over hit positions p (1-based) of (hits in 1..p) / p, divided by min(k, |test|).</summary>
    public static double AveragePrecision(ReadOnlySpan<int> ranked, ReadOnlySpan<int> test, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (test.IsEmpty)
        {
            return 0.0;
        }

        var n = Math.Min(k, ranked.Length);
        var hits = 0;
        var sum = 0.0;
        for (var p = 1; p <= n; p++)
        {
            if (test.BinarySearch(ranked[p - 1]) >= 0)
            {
                hits++;
                sum += (double)hits / p;
            }
        }

        return sum / Math.Min(k, test.Length);
    }

    /// <summary>
    /// NDCG@k with binary gains: DCG = Σ over hit positions p of 1 / log2(p + 1),
    /// IDCG = Σ_{p=1}^{min(k, |test|)} 1 / log2(p + 1), NDCG = DCG / IDCG.
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> ranked, ReadOnlySpan<int> test, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (test.IsEmpty)
        {
            return 0.0;
        }

        var n = Math.Min(k, ranked.Length);
        var dcg = 0.0;
        for (var p = 1; p <= n; p++)
        {
            if (test.BinarySearch(ranked[p - 1]) >= 0)
            {
                dcg += Discount(p);
            }
        }

        var idcg = 0.0;
        var ideal = Math.Min(k, test.Length);
        for (var p = 1; p <= ideal; p++)
        {
            idcg += Discount(p);
        }

        return dcg / idcg;
    }

    /// <summary>
    /// AUC over the candidates: the probability that a random test artist scores above a random
    /// non-test candidate, ties counting 1/2. NaN when there is no test artist or no non-test candidate.
    /// </summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<int> test)
    {
        Span<double> percentiles = test.Length <= 128 ? stackalloc double[test.Length] : new double[test.Length];
        return PercentilesAndAuc(scores, excluded, test, percentiles);
    }

    /// <summary>
    /// Writes the percentile rank of each test artist among the C candidates into
    /// <paramref name="percentiles"/> and returns the AUC (see <see cref="Auc"/>):
    /// percentile(t) = (#candidates scoring above t + ½ · #other candidates scoring equal to t) / (C − 1),
    /// 0 = top and 1 = bottom; the test artists are candidates too. With C = 1 the percentile is ½.
    /// The candidates are never sorted: they are counted against the m test scores (see CandidateCounts).
    /// </summary>
    public static double PercentilesAndAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<int> test, Span<double> percentiles)
    {
        var m = test.Length;
        if (percentiles.Length < m)
        {
            throw new ArgumentException("The percentile buffer is shorter than the test set.", nameof(percentiles));
        }

        if (m == 0)
        {
            return double.NaN;
        }

        // Distinct test scores, ascending: the thresholds each candidate is placed against.
        var rent = m > 128;
        Span<float> thresholds = rent ? new float[m] : stackalloc float[m];
        for (var i = 0; i < m; i++)
        {
            thresholds[i] = ScoreOrder.Key(scores[test[i]]);
        }

        thresholds.Sort();
        var d = 1;
        for (var i = 1; i < m; i++)
        {
            if (thresholds[i] != thresholds[d - 1])
            {
                thresholds[d++] = thresholds[i];
            }
        }

        thresholds = thresholds[..d];

        Span<long> higher = rent ? new long[d + 1] : stackalloc long[d + 1];
        Span<long> equal = rent ? new long[d] : stackalloc long[d];
        var candidates = CandidateCounts.Count(scores, excluded, thresholds, higher, equal);

        // twice(t) = 2 · higher(t) + equalOthers(t), an integer, summed exactly.
        long twiceSum = 0;
        for (var i = 0; i < m; i++)
        {
            var j = thresholds.BinarySearch(ScoreOrder.Key(scores[test[i]]));
            var equalOthers = equal[j] - 1;
            twiceSum += (2 * higher[j]) + equalOthers;
            percentiles[i] = candidates > 1 ? (higher[j] + (0.5 * equalOthers)) / (candidates - 1) : 0.5;
        }

        // Pairs of test artists contribute exactly m(m − 1) to twiceSum (each pair 2: one strict
        // win, or two half ties); the rest is 2 · (#negatives above a positive + ½ · #ties).
        var negatives = candidates - m;
        if (negatives <= 0)
        {
            return double.NaN;
        }

        var twiceLosses = twiceSum - ((long)m * (m - 1));
        return 1.0 - (twiceLosses / (2.0 * m * negatives));
    }

    /// <summary>
    /// All metrics of one user from the full score vector. <paramref name="testPlays"/> are the play
    /// counts of the test artists (weights of the weighted EPR). Allocates nothing for k, |test| ≤ 128.
    /// </summary>
    public static UserMetrics ForUser(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<int> test, ReadOnlySpan<float> testPlays, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (testPlays.Length != test.Length)
        {
            throw new ArgumentException("There must be one play count per test artist.", nameof(testPlays));
        }

        Span<int> top = k <= 128 ? stackalloc int[k] : new int[k];
        var ranked = top[..TopK.Select(scores, excluded, top)];
        Span<double> percentiles = test.Length <= 128 ? stackalloc double[test.Length] : new double[test.Length];
        var auc = PercentilesAndAuc(scores, excluded, test, percentiles);
        var sum = 0.0;
        var weighted = 0.0;
        var plays = 0.0;
        for (var i = 0; i < test.Length; i++)
        {
            sum += percentiles[i];
            weighted += testPlays[i] * percentiles[i];
            plays += testPlays[i];
        }

        return new UserMetrics(
            Precision(ranked, test, k),
            Recall(ranked, test, k),
            AveragePrecision(ranked, test, k),
            Ndcg(ranked, test, k),
            auc,
            test.Length,
            sum,
            weighted,
            plays);
    }

    private static int Hits(ReadOnlySpan<int> ranked, ReadOnlySpan<int> test, int k)
    {
        var n = Math.Min(k, ranked.Length);
        var hits = 0;
        for (var p = 0; p < n; p++)
        {
            if (test.BinarySearch(ranked[p]) >= 0)
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>Position discount 1 / log2(p + 1) for a 1-based position p.</summary>
    private static double Discount(int p) => 1.0 / Math.Log2(p + 1);
}
