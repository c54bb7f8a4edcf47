using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Output;
using MusicRecs.Client.Offline;
using MusicRecs.Grains.Evaluation;

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
        var validationSeed = new Option<int>("--validation-seed") { Description = "Seed of the validation draws carved from the training data.", DefaultValueFactory = _ => 7 };
        var folds = new Option<int>("--folds") { Description = "Validation draws of each kind (uniform and hashed) the finalists are scored on; the choice is made on the mean.", DefaultValueFactory = _ => 2 };
        var fraction = new Option<double?>("--validation-fraction") { Description = "Share of each training user's artists held out per draw. Default: the share the test set holds out." };
        var command = new Command("tune", "Pick ALS options by mean NDCG@10 over validation draws carved from the training data only (per user, the test set's held-out share); the test set is never used to choose.");
        split.AddTo(command);
        model.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(factors);
        command.Options.Add(validationSeed);
        command.Options.Add(folds);
        command.Options.Add(fraction);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var baseOptions = model.Resolve(parse) with { ComputeLoss = false };
            var space = new TuningSpace { Factors = ParseFactors(parse.GetValue(factors)) };
            var (train, test) = split.Load(parse, report);
            var draws = new TuneDraws(parse.GetValue(folds), parse.GetValue(validationSeed), parse.GetValue(fraction));
            if (draws.Folds is < 1 or > 20 || draws.Fraction is <= 0 or >= 1)
            {
                throw new ArgumentException("--folds must be 1 to 20 and --validation-fraction in (0, 1).");
            }

            var answer = TuneRunner.Run(baseOptions, space, draws, parse.GetValue(output), train, test, report);
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
}
