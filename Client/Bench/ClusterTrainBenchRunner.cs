using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;

namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench train --cluster</c>: starts local silo processes, imports the data through the client,
/// trains through the grains, and trains the same data with the single-process trainer in the same run.
/// </summary>
internal static class ClusterTrainBenchRunner
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
            var run = await StartAsync(connection.Orchestrator, wire, report, cancellationToken);
            var final = await TrainingFollower.FollowAsync(connection.Orchestrator, run.RunId, cancellationToken);
            var clusterFit = clock.Elapsed;
            if (final.Phase != TrainingPhase.Completed)
            {
                throw new InvalidOperationException($"cluster training ended {final.Phase}: {final.Error}");
            }

            var memoryTrained = started.Sum(s => ResidentBytes(s.ProcessId));
            var factorMemory = await connection.Client.GetGrain<IMaintenanceGrain>(0).FactorMemory();
            var factorBytes = started.Select(s => factorMemory.Where(m => m.SiloPort == s.SiloPort).Sum(m => m.Total)).ToArray();

            var clusterMedian = Percentiles.Median(final.IterationSeconds.Select(s => s * 1000).ToArray());
            report.Line($"cluster: per-iteration median {clusterMedian:F1} ms, fit {clusterFit.TotalSeconds:F2}s, final loss {final.Losses.LastOrDefault():G6}, {final.SolveCalls:N0} grain calls in sweeps, {final.CrossSiloCalls:N0} across silos, {Percentiles.Median(final.IterationFactorBytes.Select(b => (double)b).ToArray()) / 1e6:F1} MB of factor rows moved per iteration");

            report.Line("single process, same data and options:");
            var (single, singleFit) = LocalTraining.Fit(options with { ComputeLoss = true }, dataset.Plays, report);
            var singleMedian = Percentiles.Median(single.History.Select(h => (h.Elapsed + h.LossTime).TotalMilliseconds).ToArray());
            var ratio = clusterMedian / singleMedian;
            var grains = dataset.Users.Count + dataset.Artists.Count;
            report.Line($"ratio cluster / single process: {ratio:F2} (single process {singleMedian:F1} ms per iteration, loss included as in the cluster)");
            var singlePeak = await SingleProcessPeak.MeasureAsync(cancellationToken);
            report.Line($"single process as a child process: peak resident {singlePeak / 1e9:F2} GB");

            // The silos' peak resident sets, read just before they are stopped (below, in finally).
            var siloPeaks = started.Select(s => PeakMemory.Of(s.ProcessId)).ToArray();
            report.Line($"silos: peak resident {string.Join(", ", siloPeaks.Select(b => $"{b / 1e9:F2} GB"))}; factor rows held at the end of training {string.Join(", ", factorBytes.Select(b => $"{b / 1e6:F1} MB"))}");
            report.WriteJson(new ClusterTrainBenchResult
            {
                PerIterationMsMedian = clusterMedian,
                SingleProcessPerIterationMsMedian = singleMedian,
                Ratio = ratio,
                Silos = silos,
                PerRowCalls = perRowCalls,
                CrossSiloCallShare = final.SolveCalls == 0 ? 0.0 : (double)final.CrossSiloCalls / final.SolveCalls,
                SweepGrainCalls = final.SolveCalls,
                FactorBytesMovedPerIteration = Percentiles.Median(final.IterationFactorBytes.Select(b => (double)b).ToArray()),
                FitSeconds = clusterFit.TotalSeconds,
                SingleProcessFitSeconds = singleFit.TotalSeconds,
                FinalLoss = final.Losses.LastOrDefault(),
                SingleProcessFinalLoss = single.History.LastOrDefault()?.Loss,
                PerIterationMs = final.IterationSeconds.Select(s => s * 1000).ToArray(),
                ImportPlaysPerSecond = imported.PlaysPerSecond,
                ImportSeconds = imported.Seconds,
                SiloMemoryBytesPerGrainAfterImport = (double)(memoryAfter - memoryBefore) / grains,
                SiloMemoryBytesAfterTraining = memoryTrained,
                Users = dataset.Users.Count,
                Artists = dataset.Artists.Count,
                Nonzeros = dataset.Plays.NonZeros,
                Factors = options.Factors,
                Solver = options.Solver == SolverKind.Cholesky ? "cholesky" : "cg",
                Iterations = options.Iterations,
                SiloPeakMemoryBytes = siloPeaks,
                SingleProcessPeakMemoryBytes = singlePeak,
                SiloFactorBytes = factorBytes,
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

    /// <summary>
    /// Starts the run. The start first waits for every silo's listener flush; after a large import on a busy host that
    /// can outlast the call timeout while the start goes on in the silo, so a timeout waits for the run to appear.
    /// </summary>
    private static async Task<TrainingStatus> StartAsync(ITrainingOrchestratorGrain orchestrator, TrainingOptions wire, Reporter report, CancellationToken cancellationToken)
    {
        var requested = DateTimeOffset.UtcNow;
        try
        {
            return await orchestrator.Start(wire);
        }
        catch (TimeoutException e)
        {
            report.Line($"the training start outlasted the call timeout ({e.GetType().Name}); waiting for the run to appear");
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                var status = await orchestrator.GetStatus();
                if (status.Started is { } started && started >= requested)
                {
                    return status;
                }

                await Task.Delay(500, cancellationToken);
            }

            throw new InvalidOperationException("the training run did not start within 10 minutes of its request", e);
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
}
