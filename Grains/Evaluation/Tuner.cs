using System.Diagnostics;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Picks ALS options by NDCG@10 on a validation split carved from the training data only (the test
/// set is never seen). Coordinate search per confidence scheme: sweep one option over its grid with the
/// others fixed, keep the best, repeat until a full round changes nothing.
/// </summary>
public sealed class Tuner(AlsOptions baseOptions, TuningSpace space, int seed = 7, double validationFraction = 0.2, int maxRounds = 3)
{
    private readonly Dictionary<AlsOptions, double> _seen = [];
    private readonly List<TuningTrial> _trials = [];

    public TuningResult Run(CsrMatrix train, IProgress<TuningTrial>? progress = null, CancellationToken cancellationToken = default)
    {
        var (fit, validation) = Holdout.Split(train, validationFraction, 5, seed);
        if (validation.NonZeros == 0)
        {
            throw new ArgumentException("The training data has no user with 5 or more artists to hold out for validation.", nameof(train));
        }

        AlsOptions? best = null;
        var bestNdcg = double.NegativeInfinity;
        foreach (var scheme in space.Schemes)
        {
            var current = baseOptions with
            {
                Scheme = scheme,
                Alpha = Middle(scheme == ConfidenceScheme.Log ? space.LogAlphas : space.LinearAlphas),
                Epsilon = scheme == ConfidenceScheme.Log ? Middle(space.Epsilons) : baseOptions.Epsilon,
            };
            var currentNdcg = Score(current, fit, validation, progress, cancellationToken);
            (current, currentNdcg) = Climb(current, currentNdcg, Neighbours, fit, validation, progress, cancellationToken);
            (current, currentNdcg) = Climb(current, currentNdcg, Refinements, fit, validation, progress, cancellationToken);

            if (currentNdcg > bestNdcg)
            {
                (best, bestNdcg) = (current, currentNdcg);
            }
        }

        return new TuningResult(best!, bestNdcg, _trials);
    }

    /// <summary>Moves to the best neighbour, one option at a time, until a round changes nothing.</summary>
    private (AlsOptions Best, double Ndcg) Climb(AlsOptions current, double currentNdcg, Func<AlsOptions, IEnumerable<AlsOptions>> neighbours, CsrMatrix fit, CsrMatrix validation, IProgress<TuningTrial>? progress, CancellationToken cancellationToken)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var before = current;
            foreach (var candidate in neighbours(current))
            {
                var ndcg = Score(candidate, fit, validation, progress, cancellationToken);
                if (ndcg > currentNdcg)
                {
                    (current, currentNdcg) = (candidate, ndcg);
                }
            }

            if (current == before)
            {
                break;
            }
        }

        return (current, currentNdcg);
    }

    /// <summary>Settings a small step from <paramref name="o"/> in alpha, eps (log scheme) or lambda.</summary>
    private IEnumerable<AlsOptions> Refinements(AlsOptions o)
    {
        foreach (var step in space.RefineSteps)
        {
            yield return o with { Alpha = Round(o.Alpha * step) };
            if (o.Scheme == ConfidenceScheme.Log)
            {
                yield return o with { Epsilon = Round(o.Epsilon * step) };
            }

            yield return o with { Regularization = Round(o.Regularization * step) };
        }
    }

    /// <summary>Three significant digits, so a config reads cleanly and repeated steps meet in the cache.</summary>
    private static float Round(float v)
    {
        var scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(v))) - 2);
        return (float)(Math.Round(v / scale, MidpointRounding.AwayFromZero) * scale);
    }

    /// <summary>Settings that differ from <paramref name="o"/> in one option, option by option.</summary>
    private IEnumerable<AlsOptions> Neighbours(AlsOptions o)
    {
        var alphas = o.Scheme == ConfidenceScheme.Log ? space.LogAlphas : space.LinearAlphas;
        foreach (var a in alphas)
        {
            yield return o with { Alpha = a };
        }

        if (o.Scheme == ConfidenceScheme.Log)
        {
            foreach (var e in space.Epsilons)
            {
                yield return o with { Epsilon = e };
            }
        }

        foreach (var r in space.Regularizations)
        {
            yield return o with { Regularization = r };
        }

        foreach (var f in space.Factors ?? [])
        {
            yield return o with { Factors = f };
        }
    }

    private double Score(AlsOptions options, CsrMatrix fit, CsrMatrix validation, IProgress<TuningTrial>? progress, CancellationToken cancellationToken)
    {
        var key = options with { ComputeLoss = false };
        if (_seen.TryGetValue(key, out var known))
        {
            return known;
        }

        var sw = Stopwatch.StartNew();
        var model = new AlsTrainer(key).Fit(fit, null, cancellationToken);
        var ndcg = Evaluator.Evaluate(fit, validation, new AlsScorer(model), RankingMetrics.DefaultK, key.EffectiveThreads).Ndcg;
        _seen[key] = ndcg;
        var trial = new TuningTrial(_trials.Count + 1, key, ndcg, sw.Elapsed);
        _trials.Add(trial);
        progress?.Report(trial);
        return ndcg;
    }

    private static float Middle(IReadOnlyList<float> values) => values[values.Count / 2];
}
