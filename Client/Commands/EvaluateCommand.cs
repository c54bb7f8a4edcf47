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
        var command = new Command("evaluate", "Train on a training set and report P@10, R@10, MAP@10, NDCG@10, AUC and EPR for ALS and for the most-popular baseline.");
        split.AddTo(command);
        model.AddTo(command);
        command.Options.Add(live);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse);
            var (train, test) = split.Load(parse, report);
            var answer = EvaluateRunner.Run(options, train, test, parse.GetValue(live), report);
            report.WriteJson(answer);
            return 0;
        }));
        return command;
    }
}
