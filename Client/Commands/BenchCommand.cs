using System.CommandLine;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;
using MusicRecs.Grains.Factorization;

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
        bench.Subcommands.Add(Http.HttpBenchCommand.Create());
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
            ? ClusterCommandRunner.RunAsync(
                ct =>
                {
                    var report = new Reporter(parse.GetValue(json));
                    var options = model.Resolve(parse);
                    return ClusterTrainBench.RunAsync(data.Load(parse, report), options, parse.GetValue(silos), parse.GetValue(perRow), report, ct);
                },
                cancellationToken)
            : Task.FromResult(CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.Resolve(parse) with { ComputeLoss = !parse.GetValue(noLoss) };
            var dataset = data.Load(parse, report);
            var (trained, fit) = Training.Fit(options, dataset.Plays, report);
            var finalLoss = trained.History.LastOrDefault()?.Loss ?? double.NaN;
            if (!options.ComputeLoss)
            {
                var excess = Confidence.ExcessMatrix(dataset.Plays, options.Scheme, options.Alpha, options.Epsilon).Transpose();
                finalLoss = Loss.Compute(trained.Artists, trained.Users, excess, Gramian.Compute(trained.Users, options.Regularization, options.EffectiveThreads), options.Regularization, options.EffectiveThreads);
            }

            var iterations = trained.History.Select(h => h.Elapsed.TotalMilliseconds).ToArray();
            var median = Median(iterations);
            report.Line($"per-iteration median {median:F2} ms (min {iterations.DefaultIfEmpty().Min():F2}, max {iterations.DefaultIfEmpty().Max():F2}); users {Median(trained.History.Select(h => h.UserStep.TotalMilliseconds).ToArray()):F2} ms, artists {Median(trained.History.Select(h => h.ArtistStep.TotalMilliseconds).ToArray()):F2} ms, loss {Median(trained.History.Select(h => h.LossTime.TotalMilliseconds).ToArray()):F2} ms per iteration");
            report.Line($"fit {fit.TotalSeconds:F3} s, final loss {finalLoss:G6}");
            report.WriteJson(new Dictionary<string, object>
            {
                ["per_iteration_ms_median"] = median,
                ["fit_seconds"] = fit.TotalSeconds,
                ["final_loss"] = finalLoss,
                ["per_iteration_ms"] = iterations,
                ["loss_ms_median"] = Median(trained.History.Select(h => h.LossTime.TotalMilliseconds).ToArray()),
                ["users"] = dataset.Users.Count,
                ["artists"] = dataset.Artists.Count,
                ["nonzeros"] = dataset.Plays.NonZeros,
                ["factors"] = options.Factors,
                ["solver"] = options.Solver == SolverKind.Cholesky ? "cholesky" : "cg",
                ["threads"] = options.EffectiveThreads,
                ["iterations"] = options.Iterations,
                ["simd_width_floats"] = System.Numerics.Vector<float>.Count,
                ["processor_count"] = Environment.ProcessorCount,
            });
            return 0;
        })));
        return command;
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
