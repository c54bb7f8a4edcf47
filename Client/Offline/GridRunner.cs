using System.Globalization;
using System.Text;
using MusicRecs.Client.Commands;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>
/// Scores every setting of an alpha × eps × lambda grid on the test set: a map of the landscape and the
/// yardstick for the tuner (the best a search could do had it seen the test set), never a way to choose.
/// </summary>
internal static class GridRunner
{
    public static GridResult Run(AlsOptions baseOptions, IReadOnlyList<float> alphas, IReadOnlyList<float> epsilons, IReadOnlyList<float> regs, CsrMatrix train, CsrMatrix test, string? csv)
    {
        var rows = new StringBuilder("scheme,alpha,eps,lambda,factors,iterations,ndcg@10\n");
        AlsOptions? best = null;
        var bestNdcg = double.NegativeInfinity;
        var count = 0;
        foreach (var alpha in alphas)
        {
            foreach (var eps in epsilons)
            {
                foreach (var reg in regs)
                {
                    var o = baseOptions with { Alpha = alpha, Epsilon = eps, Regularization = reg, ComputeLoss = false };
                    var model = new AlsTrainer(o).Fit(train);
                    var ndcg = Evaluator.Evaluate(train, test, new AlsScorer(model), RankingMetrics.DefaultK, o.EffectiveThreads).Ndcg;
                    count++;
                    Reporter.Progress($"  {count}: {ModelOptionSet.Describe(o)} -> test NDCG@10 {ndcg:F4}");
                    rows.Append(CultureInfo.InvariantCulture, $"{o.Scheme.ToString().ToLowerInvariant()},{alpha},{eps},{reg},{o.Factors},{o.Iterations},{ndcg:F5}\n");
                    if (ndcg > bestNdcg)
                    {
                        (best, bestNdcg) = (o, ndcg);
                    }
                }
            }
        }

        if (csv is not null)
        {
            File.WriteAllText(csv, rows.ToString());
        }

        return new GridResult(count, best!, bestNdcg, csv);
    }

    public static float[] ParseList(string? text, string option, float[] fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && float.IsFinite(v)
                ? v
                : throw new ArgumentException($"{option}: '{s}' is not a positive number."))
            .ToArray();
    }
}
