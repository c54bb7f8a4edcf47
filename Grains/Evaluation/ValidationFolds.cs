using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Repeated validation draws carved from the training data the way a test set is carved from all the
/// data: per user with 5 or more artists, the same share held out, each draw with its own seed. All
/// draws are uniform when the test set looks like a uniform draw (<see cref="TestSetProfile"/>);
/// otherwise half of them are keyed on a hash of (user, artist) (<see cref="SplitKind.Hash"/> over the
/// dense indexes), since the two kinds disagree on these data.
/// </summary>
public sealed class ValidationFolds
{
    private readonly (CsrMatrix Fit, CsrMatrix Validation)[] _folds;

    /// <param name="count">Draws per kind: 2 gives four draws, two uniform and two hashed when <paramref name="hashed"/>.</param>
    public ValidationFolds(CsrMatrix train, double fraction, int count, int seed, bool hashed = true)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _folds = new (CsrMatrix, CsrMatrix)[2 * count];
        var users = Enumerable.Range(0, train.Rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var artists = Enumerable.Range(0, train.Columns).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var f = 0; f < _folds.Length; f++)
        {
            var kind = f % 2 == 0 || !hashed ? SplitKind.Random : SplitKind.Hash;
            _folds[f] = HashSplit.Split(train, users, artists, kind, fraction, seed + (1000 * (f / 2)));
            if (_folds[f].Validation.NonZeros == 0)
            {
                throw new ArgumentException("The training data has no user with 5 or more artists to hold out for validation.", nameof(train));
            }
        }
    }

    /// <summary>All draws; even ones are uniform, odd ones hashed when asked.</summary>
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
