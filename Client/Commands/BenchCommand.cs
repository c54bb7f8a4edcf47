using System.CommandLine;
using MusicRecs.Client.Bench;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>Benchmarks; <c>bench train</c> times the single-process trainer.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks that print their numbers.");
        bench.Subcommands.Add(CreateTrain());
        bench.Subcommands.Add(QueryBenchCommand.Create());
        bench.Subcommands.Add(IngestBenchCommand.Create());
        bench.Subcommands.Add(HttpBenchCommand.Create());
        bench.Subcommands.Add(ChaosBenchCommand.Create());
        return bench;
    }

    private static Command CreateTrain()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var noLoss = new Option<bool>("--no-loss") { Description = "Skip the per-iteration loss (final_loss is then computed once at the end)." };
        var cluster = new Option<bool>("--cluster") { Description = "Train through the grains on local silo processes, and single-process in the same run for comparison." };
        var silos = new Option<int>("--silos") { Description = "Silo processes for --cluster.", DefaultValueFactory = _ => 1 };
        var perRow = new Option<bool>("--per-row-calls") { Description = "With --cluster: every member grain solves its own row each half-sweep (one grain call per row) instead of partition workers solving blocks." };
        var command = new Command("train", "Time ALS training: per-iteration median, total fit time and final loss.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(noLoss);
        command.Options.Add(cluster);
        command.Options.Add(silos);
        command.Options.Add(perRow);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => parse.GetValue(cluster)
            ? CommandRunner.RunAsync(
                ct =>
                {
                    var report = new Reporter(parse.GetValue(json));
                    var options = model.Resolve(parse);
                    return ClusterTrainBenchRunner.RunAsync(data.Load(parse, report), options, parse.GetValue(silos), parse.GetValue(perRow), report, ct);
                },
                cancellationToken)
            : Task.FromResult(CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse) with { ComputeLoss = !parse.GetValue(noLoss) };
            TrainBenchRunner.Run(data.Load(parse, report), options, report);
            return 0;
        })));
        return command;
    }
}
