using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Repeated validation draws carved from the training data the way a test set is carved from all the
/// data: per user with 5 or more artists, the same share held out, each draw with its own seed.
/// </summary>
public sealed class ValidationFolds
{
    private readonly (CsrMatrix Fit, CsrMatrix Validation)[] _folds;

    public ValidationFolds(CsrMatrix train, double fraction, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _folds = new (CsrMatrix, CsrMatrix)[count];
        for (var f = 0; f < count; f++)
        {
            _folds[f] = Holdout.Split(train, fraction, 5, seed + (1000 * f));
            if (_folds[f].Validation.NonZeros == 0)
            {
                throw new ArgumentException("The training data has no user with 5 or more artists to hold out for validation.", nameof(train));
            }
        }
    }

    public int Count => _folds.Length;

    /// <summary>
    /// Trains on draw <paramref name="fold"/> up to the largest of <paramref name="iterations"/> and
    /// returns the validation NDCG@10 after each of those iteration counts.
    /// </summary>
    public double[] Score(AlsOptions options, int fold, IReadOnlyList<int> iterations, CancellationToken cancellationToken = default)
    {
        var (fit, validation) = _folds[fold];
        var scores = new double[iterations.Count];
        var trainer = new AlsTrainer(options with { Iterations = iterations.Max(), ComputeLoss = false });
        trainer.Fit(fit, null, cancellationToken, (it, model) =>
        {
            for (var i = 0; i < iterations.Count; i++)
            {
                if (iterations[i] == it)
                {
                    scores[i] = Evaluator.Evaluate(fit, validation, new AlsScorer(model), RankingMetrics.DefaultK, options.EffectiveThreads).Ndcg;
                }
            }
        });
        return scores;
    }

    /// <summary>
    /// The share of rows a test set holds out per user, measured over the users it covers, so that
    /// validation draws can copy it.
    /// </summary>
    public static double HeldOutShare(CsrMatrix train, CsrMatrix test, double fallback)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        double sum = 0;
        var users = 0;
        for (var u = 0; u < test.Rows; u++)
        {
            var t = test.RowLength(u);
            if (t > 0 && u < train.Rows)
            {
                sum += t / (double)(t + train.RowLength(u));
                users++;
            }
        }

        return users > 0 ? Math.Round(sum / users, 3) : fallback;
    }
}
