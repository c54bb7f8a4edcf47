using System.Diagnostics;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Picks ALS options by NDCG@10 on validation draws carved from the training data only (the test set
/// is never seen), made the way a test set is made: per user, the same held-out share; uniform draws,
/// or half uniform and half hashed when the test set is not a uniform draw (<see cref="ValidationFolds"/>,
/// <see cref="TestSetProfile"/>).
/// Three stages: screen a coarse grid on one draw of each kind with short fits; screen the fine-grid
/// neighbours of the best; then score the best screened settings and the base options on every draw,
/// at several iteration counts. A setting's score is its NDCG@10 relative to the best setting on the
/// same draw, averaged over the draws, so both kinds weigh the same. It keeps the base options unless
/// the best beats them by more than one standard error of the paired difference; when it moves, it
/// takes the most strongly regularised setting within one standard error of the best
/// (<see cref="TuningCandidates.Strength"/>).
/// </summary>
public sealed class Tuner(AlsOptions baseOptions, TuningSpace space, int seed = 7, double validationFraction = 0.25, int folds = 2, bool hashedDraws = true)
{
    private readonly Dictionary<AlsOptions, double[]> _screened = [];
    private readonly List<TuningTrial> _trials = [];

    public TuningResult Run(CsrMatrix train, IProgress<TuningTrial>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var draws = new ValidationFolds(train, validationFraction, folds, seed, hashedDraws);
        var baseline = baseOptions with { ComputeLoss = false };
        var candidates = new TuningCandidates(baseline, space);
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

        var finalists = Top(space.Finalists).Append(baseline).Distinct().ToList();
        var iterations = space.IterationsFor(baseOptions.Iterations);
        var scored = new List<(AlsOptions Options, double[] PerDraw)>();
        foreach (var o in finalists)
        {
            var perFold = Enumerable.Range(0, draws.Count).Select(f => draws.Score(o, f, iterations, cancellationToken)).ToArray();
            for (var i = 0; i < iterations.Count; i++)
            {
                scored.Add((o with { Iterations = iterations[i] }, perFold.Select(s => s[i]).ToArray()));
            }
        }

        var bestPerDraw = Enumerable.Range(0, draws.Count).Select(d => scored.Max(s => s.PerDraw[d])).ToArray();
        var relative = scored.Select(s => (s.Options, s.PerDraw, Score: MeanStderr.Of(s.PerDraw.Select((v, d) => v / bestPerDraw[d]).ToArray()))).ToList();
        foreach (var (o, perDraw, score) in relative)
        {
            var raw = MeanStderr.Of(perDraw);
            Record(new TuningTrial(_trials.Count + 1, o, raw.Mean, TimeSpan.Zero, raw.Stderr, raw.Count), progress, $"relative {score.Mean:F4} ± {score.Stderr:F4}");
        }

        var top = relative.MaxBy(s => s.Score.Mean);
        var chosen = KeepsBase(relative, top, baseline with { Iterations = baseOptions.Iterations }, bestPerDraw) ?? relative
            .Where(s => s.Score.Mean >= top.Score.Mean - (double.IsNaN(top.Score.Stderr) ? 0 : top.Score.Stderr))
            .OrderByDescending(s => TuningCandidates.Strength(s.Options, train))
            .ThenByDescending(s => s.Score.Mean)
            .First();
        var chosenRaw = MeanStderr.Of(chosen.PerDraw);
        return new TuningResult(chosen.Options, chosenRaw.Mean, _trials, chosenRaw.Stderr, draws.Count);
    }

    /// <summary>
    /// The base options, unless the best finalist beats them by more than one standard error of the
    /// per-draw difference of relative scores (paired over the same draws): the defaults are chosen to hold across kinds
    /// of split, so the tuner leaves them only on evidence.
    /// </summary>
    private static (AlsOptions Options, double[] PerDraw, MeanStderr Score)? KeepsBase(
        List<(AlsOptions Options, double[] PerDraw, MeanStderr Score)> relative,
        (AlsOptions Options, double[] PerDraw, MeanStderr Score) top,
        AlsOptions baseOptions,
        double[] best)
    {
        var index = relative.FindIndex(s => s.Options == baseOptions);
        if (index < 0)
        {
            return null;
        }

        var b = relative[index];
        var gain = MeanStderr.Of(top.Score.Mean > b.Score.Mean ? top.PerDraw.Select((v, d) => (v / best[d]) - (b.PerDraw[d] / best[d])).ToArray() : [0.0]);
        return gain.Mean <= (double.IsNaN(gain.Stderr) ? 0 : gain.Stderr) ? b : null;
    }

    /// <summary>The screened settings with the best NDCG relative to the best on each screening draw, summed over the draws.</summary>
    private IEnumerable<AlsOptions> Top(int count)
    {
        var best = new double[2];
        foreach (var v in _screened.Values)
        {
            best[0] = Math.Max(best[0], v[0]);
            best[1] = Math.Max(best[1], v[1]);
        }

        return _screened.OrderByDescending(kv => (kv.Value[0] / best[0]) + (kv.Value[1] / best[1])).Take(count).Select(kv => kv.Key);
    }

    /// <summary>Short fits on the first two draws (one uniform and one hashed when hashed draws are on).</summary>
    private void Screen(AlsOptions o, ValidationFolds draws, int[] iterations, IProgress<TuningTrial>? progress, CancellationToken cancellationToken)
    {
        if (_screened.ContainsKey(o))
        {
            return;
        }

        var sw = Stopwatch.StartNew();
        var scores = new[] { draws.Score(o, 0, iterations, cancellationToken)[0], draws.Score(o, 1, iterations, cancellationToken)[0] };
        _screened[o] = scores;
        Record(new TuningTrial(_trials.Count + 1, o with { Iterations = iterations[0] }, (scores[0] + scores[1]) / 2, sw.Elapsed, Folds: 2), progress, $"uniform {scores[0]:F4}, hashed {scores[1]:F4}");
    }

    private void Record(TuningTrial trial, IProgress<TuningTrial>? progress, string detail)
    {
        _trials.Add(trial with { Detail = detail });
        progress?.Report(_trials[^1]);
    }
}
