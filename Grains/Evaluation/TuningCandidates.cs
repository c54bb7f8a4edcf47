using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>The settings <see cref="Tuner"/> screens, and the fine-grid neighbours of a setting.</summary>
public sealed class TuningCandidates(AlsOptions baseOptions, TuningSpace space)
{
    /// <summary>Every other alpha and lambda of the grid (the ends included) with the coarse eps values, per scheme.</summary>
    public IEnumerable<AlsOptions> Coarse()
    {
        foreach (var scheme in space.Schemes)
        {
            var log = scheme == ConfidenceScheme.Log;
            foreach (var alpha in EveryOther(Alphas(scheme)))
            {
                foreach (var eps in log ? space.CoarseEpsilons : [baseOptions.Epsilon])
                {
                    foreach (var reg in EveryOther(space.Regularizations))
                    {
                        yield return baseOptions with { Scheme = scheme, Alpha = alpha, Epsilon = eps, Regularization = reg };
                    }
                }
            }
        }
    }

    /// <summary>Settings one grid step away in alpha, eps (log scheme) or lambda, and every factor count given.</summary>
    public IEnumerable<AlsOptions> Neighbours(AlsOptions o)
    {
        foreach (var a in Adjacent(Alphas(o.Scheme), o.Alpha))
        {
            yield return o with { Alpha = a };
        }

        if (o.Scheme == ConfidenceScheme.Log)
        {
            foreach (var e in Adjacent(space.Epsilons, o.Epsilon))
            {
                yield return o with { Epsilon = e };
            }
        }

        foreach (var r in Adjacent(space.Regularizations, o.Regularization))
        {
            yield return o with { Regularization = r };
        }

        foreach (var f in space.Factors ?? [])
        {
            yield return o with { Factors = f };
        }
    }

    /// <summary>
    /// How strongly a setting regularises on these data: lambda over the mean confidence of an observed
    /// pair (1 + alpha f(r)), since lambda acts against the confidence-weighted fit.
    /// </summary>
    public static double Strength(AlsOptions o, CsrMatrix plays)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(plays);
        double sum = 0;
        foreach (var r in plays.Values)
        {
            sum += 1 + Confidence.Excess(r, o);
        }

        var mean = plays.NonZeros > 0 ? sum / plays.NonZeros : 1;
        return o.Regularization / mean;
    }

    private IReadOnlyList<float> Alphas(ConfidenceScheme scheme) => scheme == ConfidenceScheme.Log ? space.LogAlphas : space.LinearAlphas;

    private static IEnumerable<float> EveryOther(IReadOnlyList<float> values) =>
        values.Where((_, i) => i % 2 == 0 || i == values.Count - 1);

    private static IEnumerable<float> Adjacent(IReadOnlyList<float> values, float v)
    {
        var i = -1;
        for (var j = 0; j < values.Count; j++)
        {
            if (values[j] == v)
            {
                i = j;
            }
        }

        if (i < 0)
        {
            return values;
        }

        return new[] { i - 1, i + 1 }.Where(j => j >= 0 && j < values.Count).Select(j => values[j]);
    }
}
