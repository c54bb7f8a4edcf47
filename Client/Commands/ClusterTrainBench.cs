using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Serving;

namespace MusicRecs.Client.Commands;

/// <summary>
/// <c>bench train --cluster</c>: starts local silo processes, imports the data through the client,
/// trains through the grains, and trains the same data with the single-process trainer in the same run.
/// </summary>
internal static class ClusterTrainBench
{
    public static async Task<int> RunAsync(Dataset dataset, AlsOptions options, int silos, bool perRowCalls, Reporter report, CancellationToken cancellationToken)
    {
        if (silos is < 1 or > 8)
        {
            throw new ArgumentException($"--silos {silos} is out of range: it must be between 1 and 8.");
        }

        var ports = FreePorts.Take(2 * silos);
        var logs = Path.Combine(Path.GetTempPath(), $"musicrecs-bench-{Environment.ProcessId}");
        var started = new List<LocalSilo>();
        try
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < silos; i++)
            {
                started.Add(LocalSilo.Start(ports[2 * i], ports[(2 * i) + 1], Path.Combine(logs, $"silo{i}.log"), primarySiloPort: ports[1], settings: LocalSilo.BenchSettings));
            }

            var settings = new ClusterSettings { GatewayPort = ports[0], ConnectTimeout = TimeSpan.FromSeconds(90) };
            await using var connection = await ClusterConnection.ConnectAsync(settings, cancellationToken, () => started.Select(s => s.ExitReason()).FirstOrDefault(r => r is not null));
            await WaitForSilosAsync(connection, silos, cancellationToken);
            report.Line($"cluster: {silos} silo process(es) up in {clock.Elapsed.TotalSeconds:F1}s (logs in {logs})");

            var memoryBefore = started.Sum(s => ResidentBytes(s.ProcessId));
            var imported = await Importer.RunAsync(connection, dataset, cancellationToken);
            report.Line(imported.Describe());
            GC.Collect();
            await Task.Delay(500, cancellationToken);
            var memoryAfter = started.Sum(s => ResidentBytes(s.ProcessId));

            var wire = options.ToWire() with { Concurrency = 256, PerRowCalls = perRowCalls };
            clock.Restart();
            var run = await connection.Orchestrator.Start(wire);
            var final = await TrainingFollower.FollowAsync(connection.Orchestrator, run.RunId, cancellationToken);
            var clusterFit = clock.Elapsed;
            if (final.Phase != TrainingPhase.Completed)
            {
                throw new InvalidOperationException($"cluster training ended {final.Phase}: {final.Error}");
            }

            var memoryTrained = started.Sum(s => ResidentBytes(s.ProcessId));
            var clusterMedian = Median(final.IterationSeconds.Select(s => s * 1000).ToArray());
            report.Line($"cluster: per-iteration median {clusterMedian:F1} ms, fit {clusterFit.TotalSeconds:F2}s, final loss {final.Losses.LastOrDefault():G6}, {final.SolveCalls:N0} grain calls in sweeps, {final.CrossSiloCalls:N0} across silos");

            report.Line("single process, same data and options:");
            var (single, singleFit) = LocalTraining.Fit(options with { ComputeLoss = true }, dataset.Plays, report);
            var singleMedian = Median(single.History.Select(h => (h.Elapsed + h.LossTime).TotalMilliseconds).ToArray());
            var ratio = clusterMedian / singleMedian;
            var grains = dataset.Users.Count + dataset.Artists.Count;
            report.Line($"ratio cluster / single process: {ratio:F2} (single process {singleMedian:F1} ms per iteration, loss included as in the cluster)");
            report.WriteJson(new Dictionary<string, object?>
            {
                ["per_iteration_ms_median"] = clusterMedian,
                ["single_process_per_iteration_ms_median"] = singleMedian,
                ["ratio"] = ratio,
                ["silos"] = silos,
                ["per_row_calls"] = perRowCalls,
                ["cross_silo_call_share"] = final.SolveCalls == 0 ? 0.0 : (double)final.CrossSiloCalls / final.SolveCalls,
                ["sweep_grain_calls"] = final.SolveCalls,
                ["fit_seconds"] = clusterFit.TotalSeconds,
                ["single_process_fit_seconds"] = singleFit.TotalSeconds,
                ["final_loss"] = final.Losses.LastOrDefault(),
                ["single_process_final_loss"] = single.History.LastOrDefault()?.Loss,
                ["per_iteration_ms"] = final.IterationSeconds.Select(s => s * 1000).ToArray(),
                ["import_plays_per_second"] = imported.PlaysPerSecond,
                ["import_seconds"] = imported.Seconds,
                ["silo_memory_bytes_per_grain_after_import"] = (double)(memoryAfter - memoryBefore) / grains,
                ["silo_memory_bytes_after_training"] = memoryTrained,
                ["users"] = dataset.Users.Count,
                ["artists"] = dataset.Artists.Count,
                ["nonzeros"] = dataset.Plays.NonZeros,
                ["factors"] = options.Factors,
                ["solver"] = options.Solver == SolverKind.Cholesky ? "cholesky" : "cg",
                ["iterations"] = options.Iterations,
            });
            return 0;
        }
        finally
        {
            foreach (var silo in started)
            {
                silo.Dispose();
            }

            DeleteFolder(logs);
        }
    }

    /// <summary>Removes the run's log folder; one still in use stays, with a note.</summary>
    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not delete {folder}: {e.Message}");
        }
    }

    private static async Task WaitForSilosAsync(ClusterConnection connection, int silos, CancellationToken cancellationToken)
    {
        var management = connection.Client.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var hosts = await management.GetHosts(onlyActive: true);
            if (hosts.Count >= silos)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"only some of the {silos} silos joined the cluster within a minute");
    }

    /// <summary>Resident memory of a process (Linux /proc), 0 where it cannot be read.</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Refresh();
            return p.WorkingSet64;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
