using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Freshness for listeners the model has never seen: a share of the users is left out of training
/// altogether; half of each one's artists (train and test rows together) is then streamed as plays and
/// NDCG@10 is scored on the other half, with everything played excluded, three ways: before (the
/// popularity answer a user without factors gets), after the live update (<see cref="LiveEvaluation.FoldInTouched"/>:
/// the new users folded in, the artists they touched re-solved), and after a retrain that includes them.
/// </summary>
public static class NewListenerEvaluation
{
    public sealed record Result(EvaluationResult Before, EvaluationResult FoldIn, EvaluationResult Retrain, int Users, int StreamedPairs, int HeldPairs)
    {
        /// <summary>Share of the retrain's gain over popularity that fold-in reaches (NDCG@k).</summary>
        public double Recovery => (FoldIn.Ndcg - Before.Ndcg) / (Retrain.Ndcg - Before.Ndcg);
    }

    public static Result Run(CsrMatrix train, CsrMatrix test, AlsOptions options, double fraction, int seed = 17, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The share of new users must be in (0, 1).");
        }

        var all = CsrOps.Merge(train, test);
        var chosen = ChooseUsers(all, fraction, seed);
        var (kept, fresh) = CsrOps.SplitRows(all, chosen);
        var (held, streamed) = Holdout.Split(fresh, testFraction: 0.5, minRowsPerUser: 1, seed: seed);
        var current = CsrOps.Merge(kept, streamed);
        var threads = options.EffectiveThreads;

        progress?.Report($"training without {chosen.Count(c => c):N0} new users");
        var before = Evaluator.Evaluate(current, held, new PopularityScorer(kept), RankingMetrics.DefaultK, threads);
        var model = new AlsTrainer(options).Fit(kept);
        progress?.Report("folding in the new users' streamed plays");
        var foldIn = Evaluator.Evaluate(current, held, new AlsScorer(LiveEvaluation.FoldInTouched(model, current, streamed, options)), RankingMetrics.DefaultK, threads);
        progress?.Report("retraining with the new users");
        var retrained = new AlsTrainer(options).Fit(current);
        var retrain = Evaluator.Evaluate(current, held, new AlsScorer(retrained), RankingMetrics.DefaultK, threads);
        return new Result(before, foldIn, retrain, chosen.Count(c => c), streamed.NonZeros, held.NonZeros);
    }

    /// <summary>A seeded draw of round(fraction · n) users (at least one) among those with 2 or more artists.</summary>
    public static bool[] ChooseUsers(CsrMatrix plays, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(plays);
        var eligible = Enumerable.Range(0, plays.Rows).Where(u => plays.RowLength(u) >= 2).ToArray();
        new Random(seed).Shuffle(eligible);
        var count = Math.Max(1, (int)Math.Round(fraction * eligible.Length, MidpointRounding.AwayFromZero));
        var chosen = new bool[plays.Rows];
        foreach (var u in eligible.Take(count))
        {
            chosen[u] = true;
        }

        return chosen;
    }
}
