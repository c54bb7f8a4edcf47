using System.CommandLine;
using MusicRecs.Client.Offline;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>Scores a grid of settings on the test set and writes them as CSV (the landscape; not a way to choose).</summary>
internal static class GridCommand
{
    public static Command Create()
    {
        var split = new SplitOptionSet();
        var model = new ModelOptionSet();
        var alphas = new Option<string?>("--alphas") { Description = "Alphas, e.g. 1,2,4,8,16,32,64 (default)." };
        var epsilons = new Option<string?>("--epsilons") { Description = "Eps of the log scheme, e.g. 1,10 (default: the --eps value)." };
        var regs = new Option<string?>("--regs") { Description = "Lambdas, e.g. 10,25,50,100,200,500,1000 (default)." };
        var csv = new Option<string?>("--csv") { Description = "Write one row per setting to this CSV file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("grid", "Train every alpha × eps × lambda setting and score it on the test set: the landscape, and the best any search could reach.");
        split.AddTo(command);
        model.AddTo(command);
        foreach (var o in new Option[] { alphas, epsilons, regs, csv, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse);
            var (train, test) = split.Load(parse, report);
            var answer = GridRunner.Run(
                options,
                GridRunner.ParseList(parse.GetValue(alphas), "--alphas", [1f, 2f, 4f, 8f, 16f, 32f, 64f]),
                GridRunner.ParseList(parse.GetValue(epsilons), "--epsilons", [options.Epsilon]),
                GridRunner.ParseList(parse.GetValue(regs), "--regs", [10f, 25f, 50f, 100f, 200f, 500f, 1000f]),
                train.Plays,
                test,
                parse.GetValue(csv));
            report.Line($"best of {answer.Settings} settings on the test set: {ModelOptionSet.Describe(answer.Best)}, NDCG@10 {answer.BestNdcg:F4}");
            report.WriteJson(answer);
            return 0;
        }));
        return command;
    }
}
