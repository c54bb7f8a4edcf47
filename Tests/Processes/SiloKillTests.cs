using Orleans.Runtime;
using Xunit.Abstractions;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// Silo processes on Azure storage, clustering and queues (Azurite) killed with SIGKILL: no shutdown hook runs,
/// nothing is flushed, the membership table still lists the dead silo. What the grains persisted must be all
/// there is, and it must be enough: no play lost or counted twice, training resumed to the same model, every
/// answer the same after the whole cluster died.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class SiloKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Exit code of a process killed by signal 9, as .NET reports it on Unix (128 + 9).</summary>
    private const int SigKillExitCode = 137;

    /// <summary>Largest allowed difference of a factor component from the single-process trainer (as in the in-process cluster tests).</summary>
    private const float Tolerance = 1e-5f;

    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(25);

    /// <summary>
    /// 3 silos; a generated file imported (user grains called directly) or replayed (Azure Queue stream); the silo
    /// of the first user to hold plays SIGKILLed while the silos apply the file, restarted on its ports; the file sent again as a client that crashed
    /// would (the same file gives the same play ids). Then every user holds exactly the file's plays and every
    /// artist exactly the file's listeners.
    /// </summary>
    [Theory]
    [InlineData("import")]
    [InlineData("replay")]
    public async Task A_silo_killed_mid_ingest_and_the_file_sent_again_leaves_exactly_the_files_counts(string command)
    {
        await using var cluster = await CrashCluster.StartAsync(azurite, output, 3);
        var path = Path.Combine(cluster.Folder, "plays.tsv");
        (await cluster.RunToolAsync("generate", "--users", "600", "--artists", "200", "--median-artists", "6", "--seed", "21", "--out", path)).EnsureSuccess();
        var data = DatasetLoader.Load(path, DatasetLoadOptions.Default).Dataset;
        var file = PlayCounts.Of(data);

        // The kill comes as soon as one of the file's first users holds plays: the import sends users in file order,
        // the replay publishes them so, throttled to last about fourteen seconds. Queue delivery can lag seconds behind,
        // and each user's stream has its own queue: one user's queue, still starting, held its plays past the end of a
        // ten-second replay on a loaded host, hence several probes. Proof that it came mid-ingest: the first client had
        // not finished sending when the silo died.
        string[] send = command == "replay" ? [command, path, "--rate", "300"] : [command, path];
        var first = cluster.RunToolAsync([.. send, .. cluster.ToolClusterArgs]);
        var probes = Enumerable.Range(0, 16).Select(u => data.Users[u]).ToArray();
        string? probe = null;
        var started = await cluster.WaitUntilAsync(
            async c =>
            {
                var histories = await Task.WhenAll(probes.Select(u => c.GetGrain<IUserGrain>(u).GetHistory()));
                probe = probes.Zip(histories).FirstOrDefault(p => p.Second.Plays.Length > 0).First;
                return probe is not null || first.IsCompleted;
            },
            CrashCluster.CallTimeout,
            TimeSpan.FromMilliseconds(50));
        Assert.True(started, $"none of users {string.Join(", ", probes)} got plays within {CrashCluster.CallTimeout.TotalSeconds:F0} s of the first {command}");
        Assert.False(first.IsCompleted, $"the first {command} ended before the kill, so nothing was killed mid-ingest: {(first.IsCompleted ? (await first).Describe() : "")}");

        // The silo that applied the probe's plays: what it had not yet passed on to the artists dies with it.
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(cluster.Client.GetGrain<IUserGrain>(probe!))
            ?? throw new InvalidOperationException($"user {probe} holds plays but has no activation");
        var victim = cluster.SlotOf(host);
        Assert.Equal(SigKillExitCode, await cluster.KillAsync(victim));
        Assert.DoesNotContain("MusicRecs silo stopped", cluster.Silos[victim].Output, StringComparison.Ordinal);
        await cluster.RestartAsync(victim);
        var firstRun = await first;
        cluster.Log($"first {command} (silo killed under it): exit code {firstRun.ExitCode}");

        // The client after its crash: the same file again, until it goes through.
        await cluster.SendFileAsync(send);

        PlayCounts? held = null;
        var users = await cluster.WaitUntilAsync(
            async c => (held = await PlayCounts.ReadAsync(c, data.Users.Ids, data.Artists.Ids)).UsersDifferingFrom(file).Count == 0,
            Convergence);
        Assert.True(users, PlayCounts.Describe(held!.UsersDifferingFrom(file), "users' plays"));

        // The artists follow the users through the silos' listener buffers (flushed every 200 ms here); the listener
        // changes of plays the killed silo had applied but not yet passed on must come back from the users' side.
        var artists = held.ArtistsDifferingFrom(file).Count == 0 || await cluster.WaitUntilAsync(
            async c => (held = await PlayCounts.ReadAsync(c, data.Users.Ids, data.Artists.Ids)).ArtistsDifferingFrom(file).Count == 0,
            Convergence);
        Assert.True(artists, PlayCounts.Describe(held.ArtistsDifferingFrom(file), "artists' listener counts"));

        // Still exact after the artists' wait: nothing redelivered in the meantime (queues, resent changes) added a play.
        Assert.Empty((await cluster.CallAsync(c => PlayCounts.ReadAsync(c, data.Users.Ids, data.Artists.Ids))).UsersDifferingFrom(file));
    }

    /// <summary>
    /// 2 silos; training started through the orchestrator grain; the silo hosting the orchestrator (asked of the
    /// management grain) SIGKILLed during a sweep and restarted. The next status call reactivates the orchestrator,
    /// which resumes from its last completed half-sweep: the run completes with the losses and factors of an
    /// undisturbed single-process run on the same file.
    /// </summary>
    [Fact]
    public async Task Killing_the_orchestrators_silo_mid_sweep_still_publishes_the_single_process_model()
    {
        await using var cluster = await CrashCluster.StartAsync(azurite, output, 2);
        var path = Path.Combine(cluster.Folder, "plays.tsv");
        (await cluster.RunToolAsync("generate", "--users", "800", "--artists", "250", "--median-artists", "8", "--seed", "22", "--out", path)).EnsureSuccess();
        var data = DatasetLoader.Load(path, DatasetLoadOptions.Default).Dataset;
        await cluster.SendFileAsync("import", path);

        var options = new TrainingOptions { Factors = 8, Iterations = 30, Seed = 9 };
        var orchestrator = cluster.Client.GetGrain<ITrainingOrchestratorGrain>("default");
        var started = await orchestrator.Start(options);
        Assert.Equal((data.Users.Count, data.Artists.Count), (started.Users, started.Artists));

        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(orchestrator)
            ?? throw new InvalidOperationException("the orchestrator has no activation right after its Start call");
        var slot = cluster.SlotOf(host);
        cluster.Log($"orchestrator runs on {host} ({cluster.Silos[slot].Name})");

        TrainingStatus status = started;
        Assert.True(await cluster.WaitUntilAsync(async c => (status = await c.GetGrain<ITrainingOrchestratorGrain>("default").GetStatus()).HalfSweepsDone >= 3 || !status.IsRunning, CrashCluster.CallTimeout, TimeSpan.FromMilliseconds(20)));
        Assert.True(status.IsRunning, $"training ended ({status.Phase}) before its silo could be killed");
        var doneAtKill = status.HalfSweepsDone;
        Assert.Equal(SigKillExitCode, await cluster.KillAsync(slot));
        cluster.Log($"killed the orchestrator's silo after {doneAtKill} of {2 * options.Iterations} half-sweeps");
        await cluster.RestartAsync(slot);

        Assert.True(await cluster.WaitUntilAsync(async c => !(status = await c.GetGrain<ITrainingOrchestratorGrain>("default").GetStatus()).IsRunning, CrashCluster.CallTimeout, TimeSpan.FromMilliseconds(100)));
        var moved = await cluster.CallAsync(c => c.GetGrain<IManagementGrain>(0).GetActivationAddress(orchestrator).AsTask());
        cluster.Log($"training {status.Phase} after {status.Resumes} resume(s); orchestrator now on {moved}; iteration seconds {string.Join(", ", status.IterationSeconds.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        Assert.True(status.Resumes >= 1, "the run never resumed: the kill did not interrupt it");
        Assert.NotEqual(host, moved);

        var reference = new AlsTrainer(options.ToAls() with { Threads = 2 }).Fit(data.Plays);
        Assert.Equal(reference.History.Count, status.Losses.Length);
        for (var i = 0; i < status.Losses.Length; i++)
        {
            Assert.True(Math.Abs(status.Losses[i] - reference.History[i].Loss) <= 1e-6 * reference.History[i].Loss, $"iteration {i + 1}: loss {status.Losses[i]} vs {reference.History[i].Loss} single-process");
        }

        foreach (var (side, expected) in new[] { (CatalogKind.Users, reference.Users), (CatalogKind.Artists, reference.Artists) })
        {
            var actual = await cluster.CallAsync(c => PublishedFactors.ReadAsync(c, side));
            var worst = PublishedFactors.LargestDifference(PublishedFactors.Compact(expected), actual, options.Factors);
            Assert.True(worst is { } w && w.Difference <= Tolerance, $"{side} factors: largest difference {worst} (difference, row, component) from the single-process trainer");
        }
    }

    /// <summary>
    /// 2 silos; a file imported and a model trained; every silo SIGKILLed at once and restarted. Every user's and
    /// artist's counts, the published model and the answers to the same queries come back from Azurite unchanged.
    /// </summary>
    [Fact]
    public async Task Killing_every_silo_at_once_keeps_every_count_the_model_and_the_answers()
    {
        await using var cluster = await CrashCluster.StartAsync(azurite, output, 2);
        var path = Path.Combine(cluster.Folder, "plays.tsv");
        (await cluster.RunToolAsync("generate", "--users", "400", "--artists", "150", "--median-artists", "6", "--seed", "23", "--out", path)).EnsureSuccess();
        var data = DatasetLoader.Load(path, DatasetLoadOptions.Default).Dataset;
        var file = PlayCounts.Of(data);
        await cluster.SendFileAsync("import", path);
        var trained = await cluster.TrainAsync(new TrainingOptions { Factors = 8, Iterations = 4 }, CrashCluster.CallTimeout);
        Assert.True(trained.Phase == TrainingPhase.Completed && trained.PublishedVersion == 1, $"{trained.Phase}, version {trained.PublishedVersion}: {trained.Error}");

        string[] users = [.. data.Users.Ids.Where((_, i) => i % 80 == 0)];
        string[] artists = [.. data.Artists.Ids.Take(3), .. data.Artists.Ids.Where((_, i) => i % 40 == 39)];
        var countsBefore = await PlayCounts.ReadAsync(cluster.Client, data.Users.Ids, data.Artists.Ids);
        Assert.Empty(countsBefore.UsersDifferingFrom(file));
        Assert.Empty(countsBefore.ArtistsDifferingFrom(file));
        var answersBefore = await QueryAnswers.AskAsync(cluster.Client, users, artists);
        var factorsBefore = await PublishedFactors.ReadAsync(cluster.Client, CatalogKind.Artists);
        Assert.All(answersBefore.Recommendations, r => Assert.Contains(": v1 Model: ", r, StringComparison.Ordinal));

        Assert.All(await cluster.KillAllAsync(), code => Assert.Equal(SigKillExitCode, code));
        await cluster.RestartAllAsync();

        var countsAfter = await cluster.CallAsync(c => PlayCounts.ReadAsync(c, data.Users.Ids, data.Artists.Ids));
        Assert.Empty(countsAfter.UsersDifferingFrom(file));
        Assert.Empty(countsAfter.ArtistsDifferingFrom(file));
        var answersAfter = await cluster.CallAsync(c => QueryAnswers.AskAsync(c, users, artists));
        Assert.Equal(answersBefore.Published, answersAfter.Published);
        Assert.Equal(answersBefore.Recommendations, answersAfter.Recommendations);
        Assert.Equal(answersBefore.Similar, answersAfter.Similar);
        Assert.Equal(factorsBefore, await cluster.CallAsync(c => PublishedFactors.ReadAsync(c, CatalogKind.Artists)));
    }
}
