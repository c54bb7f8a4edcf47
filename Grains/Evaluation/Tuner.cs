using System.Diagnostics;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Picks ALS options by NDCG@10 on validation draws carved from the training data only (the test set
/// is never seen), made the way a test set is made: per user, the same held-out share.
/// Three stages: screen a coarse grid on one draw with short fits; screen the fine-grid neighbours of
/// the best; then score the best screened settings and the base options on every draw, at several
/// iteration counts, and choose by the mean. Within one standard error of the best mean it prefers the
/// most strongly regularised setting (<see cref="TuningCandidates.Strength"/>): on these data the
/// choice then holds on test sets that are not uniform draws (docs/tuning.md).
/// </summary>
public sealed class Tuner(AlsOptions baseOptions, TuningSpace space, int seed = 7, double validationFraction = 0.25, int folds = 3)
{
    private readonly Dictionary<AlsOptions, double> _screened = [];
    private readonly List<TuningTrial> _trials = [];

    public TuningResult Run(CsrMatrix train, IProgress<TuningTrial>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var draws = new ValidationFolds(train, validationFraction, folds, seed);
        var candidates = new TuningCandidates(baseOptions with { ComputeLoss = false }, space);
        var screenIterations = new[] { Math.Min(space.ScreenIterations, Math.Max(1, baseOptions.Iterations)) };

        foreach (var o in candidates.Coarse())
        {
            Screen(o, draws, screenIterations, progress, cancellationToken);
        }

        foreach (var o in Top(space.Refined).ToList())
        {
            foreach (var n in candidates.Neighbours(o))
            {
                Screen(n, draws, screenIterations, progress, cancellationToken);
            }
        }

        var finalists = Top(space.Finalists).Append(baseOptions with { ComputeLoss = false }).Distinct().ToList();
        var scored = new List<(AlsOptions Options, MeanStderr Score)>();
        foreach (var o in finalists)
        {
            scored.AddRange(Final(o, draws, progress, cancellationToken));
        }

        var best = scored.MaxBy(s => s.Score.Mean);
        var threshold = best.Score.Mean - (double.IsNaN(best.Score.Stderr) ? 0 : best.Score.Stderr);
        var chosen = scored
            .Where(s => s.Score.Mean >= threshold)
            .OrderByDescending(s => TuningCandidates.Strength(s.Options, train))
            .ThenByDescending(s => s.Score.Mean)
            .First();
        return new TuningResult(chosen.Options, chosen.Score.Mean, _trials, chosen.Score.Stderr, draws.Count);
    }

    private IEnumerable<AlsOptions> Top(int count) =>
        _screened.OrderByDescending(kv => kv.Value).Take(count).Select(kv => kv.Key);

    private void Screen(AlsOptions o, ValidationFolds draws, int[] iterations, IProgress<TuningTrial>? progress, CancellationToken cancellationToken)
    {
        if (_screened.ContainsKey(o))
        {
            return;
        }

        var sw = Stopwatch.StartNew();
        var ndcg = draws.Score(o, 0, iterations, cancellationToken)[0];
        _screened[o] = ndcg;
        Record(new TuningTrial(_trials.Count + 1, o with { Iterations = iterations[0] }, ndcg, sw.Elapsed), progress);
    }

    /// <summary>Every draw, every iteration choice: one candidate per iteration count.</summary>
    private IEnumerable<(AlsOptions Options, MeanStderr Score)> Final(AlsOptions o, ValidationFolds draws, IProgress<TuningTrial>? progress, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var iterations = space.IterationChoices;
        var perFold = new double[draws.Count][];
        for (var f = 0; f < draws.Count; f++)
        {
            perFold[f] = draws.Score(o, f, iterations, cancellationToken);
        }

        var results = new List<(AlsOptions, MeanStderr)>();
        for (var i = 0; i < iterations.Count; i++)
        {
            var score = MeanStderr.Of(perFold.Select(s => s[i]).ToArray());
            var options = o with { Iterations = iterations[i] };
            results.Add((options, score));
            Record(new TuningTrial(_trials.Count + 1, options, score.Mean, sw.Elapsed, score.Stderr, score.Count), progress);
        }

        return results;
    }

    private void Record(TuningTrial trial, IProgress<TuningTrial>? progress)
    {
        _trials.Add(trial);
        progress?.Report(trial);
    }
}
