using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Client.Training;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Searches scheme, alpha, eps and regularization (and factors if asked) on a validation split of the
/// training data, writes the best setting as a config, and with a test set reports how it does there.
/// </summary>
internal static class TuneCommand
{
    public static Command Create()
    {
        var split = new SplitOptionSet();
        var model = new ModelOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var output = new Option<string?>("--out") { Description = "Write the best setting to this config file (read back with --config)." };
        var factors = new Option<string?>("--search-factors") { Description = "Also search these factor counts, e.g. 32,64,128." };
        var validationSeed = new Option<int>("--validation-seed") { Description = "Seed of the validation split carved from the training data.", DefaultValueFactory = _ => 7 };
        var command = new Command("tune", "Pick ALS options by NDCG@10 on a validation split carved from the training data only; the test set is never used to choose.");
        split.AddTo(command);
        model.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(factors);
        command.Options.Add(validationSeed);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var baseOptions = model.Resolve(parse) with { ComputeLoss = false };
            var space = new TuningSpace { Factors = ParseFactors(parse.GetValue(factors)) };
            var (train, test) = split.Load(parse, report);
            report.Line($"tuning on a validation split of the training data (seed {parse.GetValue(validationSeed)}), base: {ModelOptionSet.Describe(baseOptions)}");
            var tuner = new Tuner(baseOptions, space, parse.GetValue(validationSeed));
            var result = tuner.Run(train.Plays, new TrialProgress());
            report.Line($"best of {result.Trials.Count} settings: {ModelOptionSet.Describe(result.Best)}, validation NDCG@10 {result.BestValidationNdcg:F4}");

            var best = result.Best with { ComputeLoss = true };
            var path = parse.GetValue(output);
            if (path is not null)
            {
                AlsOptionsFile.Save(path, best, new Dictionary<string, object>
                {
                    ["chosen_by"] = "musicrecs tune: NDCG@10 on a validation split of the training data",
                    ["validation_ndcg@10"] = result.BestValidationNdcg,
                    ["settings_tried"] = result.Trials.Count,
                });
                report.Line($"wrote {path}");
            }

            var answer = new TuneResult(best, result.BestValidationNdcg, result.Trials.Count);
            if (test.NonZeros > 0)
            {
                var (als, _) = LocalTraining.Fit(best, train.Plays, report);
                var testResult = Evaluator.Evaluate(train.Plays, test, new AlsScorer(als), RankingMetrics.DefaultK, best.EffectiveThreads);
                report.Line("best setting retrained on the whole training set, scored on the test set:");
                MetricsTable.Print(report, [("als-tuned", testResult)]);
                answer = answer with { Test = testResult.ToJsonObject() };
            }

            report.WriteJson(answer);
            return 0;
        }));
        return command;
    }

    private static int[]? ParseFactors(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) && f > 0
                ? f
                : throw new ArgumentException($"--search-factors: '{s}' is not a positive integer."))
            .ToArray();
    }

    private sealed class TrialProgress : IProgress<TuningTrial>
    {
        public void Report(TuningTrial t) =>
            Reporter.Progress($"  trial {t.Number}: {ModelOptionSet.Describe(t.Options)} -> validation NDCG@10 {t.ValidationNdcg:F4} ({t.Elapsed.TotalSeconds:F1}s)");
    }
}
