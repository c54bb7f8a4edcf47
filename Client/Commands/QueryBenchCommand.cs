using System.CommandLine;
using MusicRecs.Client.Bench;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary><c>bench query</c>: binds its options and runs <see cref="QueryBenchRunner"/>.</summary>
internal static class QueryBenchCommand
{
    public const int MaxQueries = 50_000;

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var count = new Option<int>("--count") { Description = "Artists per answer.", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--queries") { Description = "Calls per measurement.", DefaultValueFactory = _ => 2_000 };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("query", "Time recommend, similar and explain from inside a local silo after importing and training: p50/p99 latency and queries per second.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(count);
        command.Options.Add(queries);
        command.Options.Add(siloLog);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report);
            var n = Answers.CheckCount(parse.GetValue(count));
            var total = parse.GetValue(queries);
            if (total is < 1 or > MaxQueries)
            {
                throw new ArgumentException($"--queries {total} is out of range: it must be between 1 and {MaxQueries:N0}.");
            }

            return QueryBenchRunner.RunAsync(data.Load(parse, report), options, n, total, parse.GetValue(siloLog), report, ct);
        }, cancellationToken));
        return command;
    }
}
