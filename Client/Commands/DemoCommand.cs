using System.CommandLine;
using MusicRecs.Client.Output;
using MusicRecs.Client.Offline;

namespace MusicRecs.Client.Commands;

/// <summary>
/// The main job: take a dataset (the embedded synthetic one by default), train, evaluate against the
/// most-popular baseline, and show a few users' top artists beside their recommendations.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var split = new SplitOptionSet();
        var model = new ModelOptionSet();
        var users = new Option<int>("--show-users") { Description = "How many users to show.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("demo", "Train on a dataset (embedded synthetic by default), evaluate, and print sample users' top artists and recommendations.");
        split.AddTo(command);
        model.AddTo(command);
        command.Options.Add(users);
        command.Options.Add(json);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse);
            var (train, test) = split.Load(parse, report);
            report.WriteJson(DemoRunner.Run(options, train, test, parse.GetValue(users), report));
            return 0;
        }));
        return command;
    }
}
