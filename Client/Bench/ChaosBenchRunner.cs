using System.Diagnostics;
using MusicRecs.Client.Check;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench chaos</c>: a cluster on Azure storage (its own Azurite, silo processes with Azure Table clustering,
/// Azure grain storage and Azure Queue streams) takes a file's plays through the play stream (the <c>replay</c>
/// path's sender) while a random silo is killed (SIGKILL) and restarted on its ports every few seconds; once the
/// queues are drained the file's first quarter is sent again, as a client re-running after a crash does; a training
/// run loses the silo of its orchestrator once; then the consistency check on the quiet cluster, the users' and the
/// artists' side against the file, and the model against the single-process trainer's on the file.
/// </summary>
internal static class ChaosBenchRunner
{
    /// <summary>Ingest counters unchanged this long (silos report once a second) mean the user grains are done.</summary>
    private static readonly TimeSpan Still = TimeSpan.FromSeconds(3);

    /// <summary>The share of the file's rows sent a second time.</summary>
    public const double ResendShare = 0.25;

    /// <summary>Largest factor difference still counted as the undisturbed model (the cluster test's bound is 1e-5).</summary>
    public const double FactorTolerance = 1e-4;

    /// <summary>Largest relative difference of the final loss still counted as the undisturbed model.</summary>
    public const double LossTolerance = 1e-5;

    public static async Task<int> RunAsync(Dataset data, AlsOptions options, ChaosBenchSettings settings, Reporter report, CancellationToken ct)
    {
        if (settings.Silos is < 2 or > 8)
        {
            throw new ArgumentException($"--silos {settings.Silos} is out of range: it must be between 2 and 8 (a kill must leave a silo standing).");
        }

        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), $"musicrecs-bench-chaos-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(folder);
        report.Line($"chaos: run folder {folder} (Azurite data and silo logs; removed at the end)");
        ChaosAzurite? azurite = null;
        ChaosCluster? cluster = null;
        ClusterConnection? connection = null;

        // Ctrl+C gives a command a few seconds before the process exits: whatever the finally below has not reached
        // by then goes at exit.
        EventHandler atExit = (_, _) =>
        {
            cluster?.Dispose();
            azurite?.KillNow();
            DeleteFolder(folder);
        };
        AppDomain.CurrentDomain.ProcessExit += atExit;
        try
        {
            azurite = await ChaosAzurite.StartAsync(Path.Combine(folder, "azurite"), report, ct);
            cluster = new ChaosCluster(settings.Silos, azurite.ConnectionString, Path.Combine(folder, "logs"));
            await using var queues = await PlayQueues.CreateAsync(azurite.ConnectionString, PlayStreams.QueueNames(cluster.Id), report, ct);
            var watch = new PlayQueueWatch(azurite.ConnectionString, queues.Names);
            await cluster.StartAllAsync(ct);
            connection = await ClusterConnection.ConnectAsync(cluster.ClientSettings, ct);
            await ChaosSteps.WaitForSilosAsync(connection, settings.Silos, ct);
            report.Line($"cluster '{cluster.Id}': {cluster.Describe()}, up after {clock.Elapsed.TotalSeconds:F1}s");
            await RegisterAsync(connection, data, ct);

            // 1. The file through the play stream; a silo dies every few seconds while it is sent (at least once).
            var sent = new TaskCompletionSource();
            using var stopKilling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var killer = ChaosSteps.KillWhileSendingAsync(cluster, watch, settings.KillEvery, sent.Task, stopKilling.Token);
            (long Plays, long Events, double Seconds) first;
            try
            {
                first = await ChaosReplay.SendAsync(connection, data, settings.Batch, null, "replay", ct);
            }
            catch
            {
                // No silo restarts behind the cleanup's back.
                await stopKilling.CancelAsync();
                await killer.ContinueWith(_ => { }, TaskScheduler.Default);
                throw;
            }
            finally
            {
                sent.SetResult();
            }

            var kills = await killer;
            await watch.WaitEmptyAsync(ChaosBenchSettings.PhaseTimeout, ct);
            await PlayQueueWatch.WaitStillAsync(connection.Client, Still, ChaosBenchSettings.PhaseTimeout, ct);
            report.Line($"chaos: first replay applied with {kills} kills ({clock.Elapsed.TotalSeconds:F0}s)");

            // 2. A client that crashed re-runs the file from the start and is cut off again: its first rows twice.
            var slice = (long)(data.Plays.NonZeros * ResendShare);
            var resent = await ChaosReplay.SendAsync(connection, data, settings.Batch, slice, "resend", ct);
            await watch.WaitEmptyAsync(ChaosBenchSettings.PhaseTimeout, ct);
            await PlayQueueWatch.WaitStillAsync(connection.Client, Still, ChaosBenchSettings.PhaseTimeout, ct);
            report.Line($"chaos: the first {resent.Plays:N0} plays sent again and applied ({clock.Elapsed.TotalSeconds:F0}s)");

            // 3. Training loses its orchestrator's silo once.
            var (final, orchestratorKilled) = await ChaosSteps.TrainWithKillAsync(connection, cluster, options, ct);
            kills += orchestratorKilled ? 1 : 0;

            // 4. The check on the quiet cluster, and the model against an undisturbed single-process run.
            var (check, plays) = await ConsistencyCheck.RunWithPlaysAsync(connection.Client, ct);
            ConsistencyCheck.Describe(check, report);
            var (lost, duplicated) = ChaosTally.UserSide(data, plays);
            var (artistLost, artistDuplicated) = ChaosTally.ArtistSide(data, plays);
            var expected = data.Plays.Values.Sum(v => (double)v);
            report.Line($"user side against the file: {lost:N0} plays lost, {duplicated:N0} duplicated; artist side: {artistLost:N0} lost, {artistDuplicated:N0} duplicated");

            var completed = final.Phase == TrainingPhase.Completed;
            var (equal, difference, undisturbedLoss) = completed
                ? await ChaosSteps.CompareWithUndisturbedAsync(connection, data, options, final, report)
                : (false, double.PositiveInfinity, (double?)null);
            report.Line($"training {TrainingFollower.PhaseName(final.Phase)} after {final.Resumes} resumes; "
                + (completed ? $"largest factor difference to the undisturbed run {difference:G3}, final loss {final.Losses.LastOrDefault():G8} vs {undisturbedLoss:G8}: {(equal ? "equal" : "NOT equal")}" : $"error: {final.Error}"));

            report.WriteJson(new ChaosBenchResult
            {
                Silos = settings.Silos,
                Rows = data.Plays.NonZeros,
                PlaysSent = first.Plays + resent.Plays,
                ResentPlays = resent.Plays,
                ExpectedPlays = expected,
                UserSidePlays = check.UserSidePlays,
                ArtistSidePlays = check.ArtistSidePlays,
                Lost = lost,
                Duplicated = duplicated,
                ArtistLost = artistLost,
                ArtistDuplicated = artistDuplicated,
                MismatchedPairs = check.MismatchedPairs,
                PendingDeltas = check.PendingDeltas,
                Consistent = check.Consistent,
                Kills = kills,
                OrchestratorKilled = orchestratorKilled,
                TrainingCompleted = completed,
                TrainingResumes = final.Resumes,
                TrainingEqualToUndisturbed = equal,
                MaxFactorDifference = difference,
                FinalLoss = final.Losses.IsEmpty ? null : final.Losses[^1],
                UndisturbedFinalLoss = undisturbedLoss,
                Seconds = clock.Elapsed.TotalSeconds,
            });
            return 0;
        }
        finally
        {
            // Processes first (fast, and what matters when Ctrl+C leaves a few seconds), then files, then the client.
            cluster?.Dispose();
            if (ct.IsCancellationRequested)
            {
                azurite?.KillNow();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            DeleteFolder(folder);
            AppDomain.CurrentDomain.ProcessExit -= atExit;
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Registers the file's users and artists in its order first, so dense indexes (and the seeded initial factors) match the single-process run.</summary>
    private static async Task RegisterAsync(ClusterConnection connection, Dataset data, CancellationToken ct)
    {
        await RegisterAsync(connection.Users, [.. data.Users.Ids.Select(id => new CatalogEntry(id))], "users", ct);
        await RegisterAsync(connection.Artists, [.. data.Artists.Ids.Select(id => new CatalogEntry(id, data.ArtistNames.GetValueOrDefault(id)))], "artists", ct);
    }

    private static async Task RegisterAsync(ICatalogGrain catalog, CatalogEntry[] entries, string kind, CancellationToken ct)
    {
        for (var start = 0; start < entries.Length; start += Importer.RegisterBatch)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = entries.AsSpan(start, Math.Min(Importer.RegisterBatch, entries.Length - start)).ToArray();
            var indexes = await catalog.Register([.. chunk]);
            for (var i = 0; i < indexes.Length; i++)
            {
                if (indexes[i] != start + i)
                {
                    throw new InvalidOperationException($"the fresh {kind} catalog gave '{chunk[i].Id}' index {indexes[i]}, not its position {start + i} in the file");
                }
            }
        }
    }

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
}
