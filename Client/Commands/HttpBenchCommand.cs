using System.CommandLine;
using MusicRecs.Client.Bench;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary><c>bench http</c>: binds its options and runs <see cref="HttpBenchRunner"/>.</summary>
internal static class HttpBenchCommand
{
    public const int MaxRequests = 1_000_000;

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var count = new Option<int>("--count") { Description = "Artists per answer.", DefaultValueFactory = _ => 10 };
        var requests = new Option<int>("--requests") { Description = "Requests per measurement.", DefaultValueFactory = _ => 20_000 };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("http", "Time GET recommendations over HTTP against a local silo (concurrency 1 and 16) beside the same calls from inside the silo.");
        data.AddTo(command);
        model.AddTo(command);
        foreach (var o in new Option[] { count, requests, siloLog, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report);
            var n = Answers.CheckCount(parse.GetValue(count));
            var total = parse.GetValue(requests);
            if (total is < 1 or > MaxRequests)
            {
                throw new ArgumentException($"--requests {total} is out of range: it must be between 1 and {MaxRequests:N0}.");
            }

            return HttpBenchRunner.RunAsync(data.Load(parse, report), options, n, total, parse.GetValue(siloLog), report, ct);
        }, cancellationToken));
        return command;
    }
}
