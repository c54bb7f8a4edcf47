using System.CommandLine;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Evaluation;

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
            var (als, alsResult, popResult, elapsed) = Comparison.Run(options, train.Plays, test, report);
            var answer = new EvaluateResult(alsResult.ToJsonObject(), popResult.ToJsonObject(), options, elapsed.TotalSeconds, als.History.LastOrDefault()?.Loss ?? double.NaN);
            if (parse.GetValue(live))
            {
                var freshness = LiveEvaluation.Run(train.Plays, test, options, progress: new Progress<string>(Reporter.Progress));
                report.Line();
                report.Line($"freshness: {freshness.StreamedPairs:N0} test pairs streamed as new plays, {freshness.HeldPairs:N0} scored");
                MetricsTable.Print(report, [("before", freshness.Before), ("fold-in", freshness.FoldIn), ("retrain", freshness.Retrain)]);
                report.Line($"fold-in recovers {freshness.Recovery:P1} of the retrain's NDCG@10 gain");
                answer = answer with { Live = LiveResult.Of(freshness) };
            }

            report.WriteJson(answer);
            return 0;
        }));
        return command;
    }
}
