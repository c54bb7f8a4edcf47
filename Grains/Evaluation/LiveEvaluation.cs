using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// How much fold-in of fresh plays recovers of a retrain. Half of each test user's test artists are
/// "streamed" (added to their plays); NDCG is measured on the other half, with everything played
/// excluded, three ways: the trained model as is; the model as the live grains leave it (every
/// streaming user folded in over the updated history against the trained artist factors, then every
/// artist those plays touched re-solved against the trained user factors with the folded-in users
/// replaced, sharing the trained Gramian, by the training kernel warm-started from the trained row);
/// and a full retrain on train + streamed.
/// </summary>
public static class LiveEvaluation
{
    public sealed record Result(EvaluationResult Before, EvaluationResult FoldIn, EvaluationResult Retrain, int StreamedPairs, int HeldPairs)
    {
        /// <summary>Share of the retrain's gain that fold-in reaches (NDCG@k).</summary>
        public double Recovery => (FoldIn.Ndcg - Before.Ndcg) / (Retrain.Ndcg - Before.Ndcg);
    }

    public static Result Run(CsrMatrix train, CsrMatrix test, AlsOptions options, int seed = 13, IProgress<string>? progress = null)
    {
        var (held, streamed) = Holdout.Split(test, testFraction: 0.5, minRowsPerUser: 1, seed: seed);
        var current = CsrOps.Merge(train, streamed);
        var threads = options.EffectiveThreads;

        progress?.Report("training on the training set");
        var model = new AlsTrainer(options).Fit(train);
        var before = Evaluator.Evaluate(current, held, new AlsScorer(model), RankingMetrics.DefaultK, threads);
        progress?.Report("folding in the streamed plays");
        var foldIn = Evaluator.Evaluate(current, held, new AlsScorer(FoldInTouched(model, current, streamed, options)), RankingMetrics.DefaultK, threads);
        progress?.Report("retraining on training + streamed plays");
        var retrained = new AlsTrainer(options).Fit(current);
        var retrain = Evaluator.Evaluate(current, held, new AlsScorer(retrained), RankingMetrics.DefaultK, threads);
        return new Result(before, foldIn, retrain, streamed.NonZeros, held.NonZeros);
    }

    /// <summary>The live update: users with new plays folded in, then the artists they touched refreshed.</summary>
    public static AlsModel FoldInTouched(AlsModel model, CsrMatrix current, CsrMatrix streamed, AlsOptions options)
    {
        var users = model.Users.Clone();
        for (var u = 0; u < users.Rows; u++)
        {
            if (streamed.RowLength(u) > 0)
            {
                model.FoldIn(current.RowIndexes(u), current.RowValues(u)).CopyTo(users.Row(u));
            }
        }

        var listeners = Confidence.ExcessMatrix(current, options.Scheme, options.Alpha, options.Epsilon).Transpose();
        var userGramian = Gramian.Compute(model.Users, options.Regularization, options.EffectiveThreads);
        var artists = model.Artists.Clone();
        var ws = new SolverWorkspace(artists.Stride);
        foreach (var a in streamed.ColumnIndexes.Distinct())
        {
            // As the artist grains do: the training kernel, warm-started from the trained row.
            RowSolver.Solve(options.Solver, options.CgSteps, userGramian, users, listeners.RowIndexes(a), listeners.RowValues(a), artists.Row(a), ws);
        }

        return new AlsModel(users, artists, model.Options);
    }
}
