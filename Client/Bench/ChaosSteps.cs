using System.Diagnostics;
using MusicRecs.Client.Check;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;

namespace MusicRecs.Client.Bench;

/// <summary>The steps of <c>bench chaos</c> that disturb the cluster and judge the outcome: kills while plays are sent, a training run that loses its orchestrator's silo, the comparison with the undisturbed model.</summary>
internal static class ChaosSteps
{
    /// <summary>
    /// Kills a random silo every <paramref name="every"/> while the file is sent, and once when sending has ended
    /// first; returns the kills. The queues then drain undisturbed: a silo takes seconds to come back, and the events
    /// a killed silo had taken reappear only after their visibility timeout, so kills that outpace recovery would
    /// stall the run rather than test it.
    /// </summary>
    internal static async Task<int> KillWhileSendingAsync(ChaosCluster cluster, PlayQueueWatch watch, TimeSpan every, Task sent, CancellationToken ct)
    {
        var kills = 0;
        while (true)
        {
            var tick = Task.Delay(every, ct);
            await (kills > 0 ? Task.WhenAny(tick, sent) : tick);
            ct.ThrowIfCancellationRequested();
            if (kills > 0 && sent.IsCompleted)
            {
                break;
            }

            var queued = await watch.CountAsync(ct);
            await cluster.KillAndRestartAsync(Random.Shared.Next(cluster.Count), $"{(sent.IsCompleted ? "after" : "while")} the file is sent, {queued:N0} play events queued", ct);
            kills++;
            if (sent.IsCompleted)
            {
                break;
            }
        }

        return kills;
    }

    /// <summary>
    /// Starts a run, kills the silo that hosts the orchestrator once it has finished a half-sweep, and follows the run
    /// to its end (status calls that hit the dead silo are retried: the next one reactivates the orchestrator, which resumes).
    /// </summary>
    internal static async Task<(TrainingStatus Final, bool Killed)> TrainWithKillAsync(ClusterConnection connection, ChaosCluster cluster, AlsOptions options, CancellationToken ct)
    {
        var orchestrator = connection.Orchestrator;

        // Start's own barrier (every silo's listener flush) can outlast the client's call timeout on a loaded
        // Azurite; flushed first, it is short.
        await ConsistencyCheck.FlushListenersAsync(connection.Client, ct);
        var run = await orchestrator.Start(options.ToWire());
        Reporter.Progress($"  chaos: training run {run.RunId} started ({options.Iterations} iterations)");
        var management = connection.Client.GetGrain<IManagementGrain>(0);
        var killed = false;
        var deadline = Stopwatch.StartNew();
        string? shown = null;
        while (true)
        {
            TrainingStatus status;
            try
            {
                status = await orchestrator.GetStatus();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && deadline.Elapsed < ChaosBenchSettings.PhaseTimeout)
            {
                Reporter.Progress($"  chaos: status call failed ({e.GetType().Name}); retrying");
                await Task.Delay(200, ct);
                continue;
            }

            if (status.RunId != run.RunId || !status.IsRunning)
            {
                return (status, killed);
            }

            if (deadline.Elapsed > ChaosBenchSettings.PhaseTimeout)
            {
                throw new TimeoutException($"training run {run.RunId} still {TrainingFollower.PhaseName(status.Phase)} after {ChaosBenchSettings.PhaseTimeout.TotalMinutes:F0} minutes");
            }

            var line = TrainingFollower.ProgressLine(status);
            if (line != shown)
            {
                Reporter.Progress($"  {line}");
                shown = line;
            }

            if (!killed && status.HalfSweepsDone >= 1)
            {
                var host = await management.GetActivationAddress(orchestrator);
                var index = host is null ? -1 : cluster.IndexOfSiloPort(host.Endpoint.Port);
                if (index >= 0)
                {
                    await cluster.KillAndRestartAsync(index, $"hosting the training orchestrator after {status.HalfSweepsDone} half-sweeps", ct);
                    killed = true;
                    continue;
                }
            }

            await Task.Delay(50, ct);
        }
    }

    internal static async Task<(bool Equal, double Difference, double? Loss)> CompareWithUndisturbedAsync(ClusterConnection connection, Dataset data, AlsOptions options, TrainingStatus final, Reporter report)
    {
        var published = await connection.Orchestrator.GetPublished()
            ?? throw new InvalidOperationException("training completed but no model is published");
        var users = await PublishedFactors.ReadAsync(connection.Client, connection.Settings.Model, published, CatalogKind.Users);
        var artists = await PublishedFactors.ReadAsync(connection.Client, connection.Settings.Model, published, CatalogKind.Artists);
        report.Line("undisturbed run: the single-process trainer on the file, same options and seed");
        var (model, _) = LocalTraining.Fit(options with { ComputeLoss = true }, data.Plays, report);
        var difference = Math.Max(PublishedFactors.MaxDifference(model.Users, users), PublishedFactors.MaxDifference(model.Artists, artists));
        var loss = model.History.LastOrDefault()?.Loss;
        var clusterLoss = final.Losses.IsEmpty ? double.NaN : final.Losses[^1];
        var lossClose = loss is { } l && Math.Abs(clusterLoss - l) <= ChaosBenchRunner.LossTolerance * Math.Abs(l);
        return (difference <= ChaosBenchRunner.FactorTolerance && lossClose, difference, loss);
    }

    internal static async Task WaitForSilosAsync(ClusterConnection connection, int silos, CancellationToken ct)
    {
        var management = connection.Client.GetGrain<IManagementGrain>(0);
        var clock = Stopwatch.StartNew();
        while ((await management.GetHosts(onlyActive: true)).Count < silos)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"only some of the {silos} silos joined the cluster within a minute");
            }

            await Task.Delay(200, ct);
        }
    }
}
