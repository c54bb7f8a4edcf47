using MusicRecs.Client.Commands;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Client.Training;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>
/// Searches the tuning space on a validation split of the training data, writes the best setting as a
/// config when asked, and with a test set reports how that setting does there.
/// </summary>
internal static class TuneRunner
{
    public static TuneResult Run(AlsOptions baseOptions, TuningSpace space, TuneDraws draws, string? path, Dataset train, CsrMatrix test, Reporter report)
    {
        var fraction = draws.Fraction ?? ValidationFolds.HeldOutShare(train.Plays, test, 0.25);
        var profile = test.NonZeros > 0 ? TestSetProfile.Of(train.Plays, test, train.Artists.Ids) : new TestSetProfile(0, 0);
        var kinds = profile.LooksUniform ? "all uniform" : "half uniform, half hashed";
        report.Line($"test set against uniform redraws: adjacent held-out ids z {profile.AdjacencyZ:F1}, held-out popularity z {profile.PopularityZ:F1}: {(profile.LooksUniform ? "a uniform draw" : "not a uniform draw")}");
        report.Line($"tuning on {2 * draws.Folds} validation draws ({kinds}) of the training data ({fraction:P1} of each user's artists, seed {draws.Seed}), base: {ModelOptionSet.Describe(baseOptions)}");
        var tuner = new Tuner(baseOptions, space, draws.Seed, fraction, draws.Folds, !profile.LooksUniform);
        var result = tuner.Run(train.Plays, new TrialProgress());
        report.Line($"chosen of {result.Trials.Count} trials: {ModelOptionSet.Describe(result.Best)}, validation NDCG@10 {result.BestValidationNdcg:F4} ± {result.Stderr:F4} over {result.Folds} draws");

        var best = result.Best with { ComputeLoss = true };
        if (path is not null)
        {
            AlsOptionsFile.Save(path, best, new Dictionary<string, object>
            {
                ["chosen_by"] = "musicrecs tune: NDCG@10 on a validation split of the training data",
                ["validation_ndcg@10"] = result.BestValidationNdcg,
                ["validation_ndcg@10_stderr"] = result.Stderr,
                ["folds"] = result.Folds,
                ["settings_tried"] = result.Trials.Count,
            });
            report.Line($"wrote {path}");
        }

        var answer = new TuneResult(best, result.BestValidationNdcg, result.Stderr, result.Folds, result.Trials.Count);
        if (test.NonZeros > 0)
        {
            var (als, _) = LocalTraining.Fit(best, train.Plays, report);
            var testResult = Evaluator.Evaluate(train.Plays, test, new AlsScorer(als), RankingMetrics.DefaultK, best.EffectiveThreads);
            report.Line("best setting retrained on the whole training set, scored on the test set:");
            MetricsTable.Print(report, [("als-tuned", testResult)]);
            answer = answer with { Test = testResult.ToJsonObject() };
        }

        return answer;
    }

    private sealed class TrialProgress : IProgress<TuningTrial>
    {
        public void Report(TuningTrial t) =>
            Reporter.Progress($"  trial {t.Number}: {ModelOptionSet.Describe(t.Options)} -> validation NDCG@10 {t.ValidationNdcg:F4} over {t.Folds} draws"
                + (double.IsNaN(t.Stderr) ? string.Empty : $" ± {t.Stderr:F4}") + $" ({t.Detail}" + (t.Elapsed > TimeSpan.Zero ? $", {t.Elapsed.TotalSeconds:F1}s)" : ")"));
    }
}
