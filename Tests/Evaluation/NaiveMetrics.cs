namespace MusicRecs.Tests.Evaluation;

/// <summary>
/// Brute-force reference: full sort for the ranking, all pairs for AUC and percentiles,
/// NaN ranked as negative infinity.
/// Used to check the fast implementations on random data.
/// </summary>
public static class NaiveMetrics
{
    public static int[] Ranking(float[] scores, ISet<int> excluded) =>
        Enumerable.Range(0, scores.Length)
            .Where(i => !excluded.Contains(i))
            .OrderByDescending(i => Key(scores[i]))
            .ThenBy(i => i)
            .ToArray();

    public static double Auc(float[] raw, ISet<int> excluded, ISet<int> test)
    {
        var scores = raw.Select(Key).ToArray();
        var candidates = Enumerable.Range(0, scores.Length).Where(i => !excluded.Contains(i)).ToArray();
        var positives = candidates.Where(test.Contains).ToArray();
        var negatives = candidates.Where(i => !test.Contains(i)).ToArray();
        var wins = 0.0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += scores[p] > scores[n] ? 1.0 : scores[p] == scores[n] ? 0.5 : 0.0;
            }
        }

        return wins / ((double)positives.Length * negatives.Length);
    }

    public static double Percentile(float[] raw, ISet<int> excluded, int artist)
    {
        var scores = raw.Select(Key).ToArray();
        var candidates = Enumerable.Range(0, scores.Length).Where(i => !excluded.Contains(i)).ToArray();
        var higher = candidates.Count(i => scores[i] > scores[artist]);
        var equalOthers = candidates.Count(i => i != artist && scores[i] == scores[artist]);
        return (higher + (0.5 * equalOthers)) / (candidates.Length - 1);
    }

    /// <summary>NaN ranks as negative infinity.</summary>
    private static float Key(float s) => float.IsNaN(s) ? float.NegativeInfinity : s;
}
