using System.CommandLine;
using MusicRecs.Client.Output;
using MusicRecs.Client.Offline;

namespace MusicRecs.Client.Commands;

/// <summary>Trains on the training part and scores ALS and the most-popular baseline on the test part.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var split = new SplitOptionSet();
        var model = new ModelOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var live = new Option<bool>("--live") { Description = "Also measure freshness: stream half of each test user's test artists as new plays and score the other half before fold-in, after fold-in and after a full retrain." };
        var newUsers = new Option<double?>("--new-users") { Description = "With --live: also leave this share of users (e.g. 0.1) out of training, stream half of each one's artists and score the other half: popularity, fold-in, retrain." };
        var seeds = new Option<int>("--seeds") { Description = "Train with this many seeds (--seed, --seed+1, ...) and report the mean and standard error.", DefaultValueFactory = _ => 1 };
        var command = new Command("evaluate", "Train on a training set and report P@10, R@10, MAP@10, NDCG@10, AUC and EPR for ALS and for the most-popular baseline.");
        split.AddTo(command);
        model.AddTo(command);
        command.Options.Add(live);
        command.Options.Add(newUsers);
        command.Options.Add(seeds);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse);
            var (train, test) = split.Load(parse, report);
            var extras = new EvaluateExtras(parse.GetValue(seeds), parse.GetValue(live), parse.GetValue(newUsers));
            if (extras.Seeds is < 1 or > 100)
            {
                throw new ArgumentException($"--seeds {extras.Seeds} is out of range: it must be between 1 and 100.");
            }

            if (extras.NewUsers is { } share && (!extras.Live || !(share > 0 && share < 1)))
            {
                throw new ArgumentException("--new-users goes with --live and must be in (0, 1).");
            }

            var answer = EvaluateRunner.Run(options, train, test, extras, report);
            report.WriteJson(answer);
            return 0;
        }));
        return command;
    }
}
