using System.Diagnostics;
using System.Globalization;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Tests.Processes;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace MusicRecs.Tests.Hosts;

/// <summary>
/// Three silos on three hosts (network namespaces) with TLS on every connection, Azure Table clustering and Azure
/// storage on a fourth host, the tool and the test's client in the root namespace: training, queries and live
/// plays across hosts, and a host cut off the network in the middle of training.
/// </summary>
[Collection(HostsCollection.Name)]
[Trait("Category", HostsCollection.Category)]
public sealed class HostsTests(HostsFixture hosts, ITestOutputHelper output)
{
    /// <summary>Largest allowed difference of a factor component between two runs (as in the other cluster tests).</summary>
    private const float Tolerance = 1e-5f;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    /// <summary>How long the link stays down: well past a probe timeout and a connection attempt (both 5 s), so calls to and from the host fail.</summary>
    private static readonly TimeSpan CutFor = TimeSpan.FromSeconds(12);

    [SkippableFact]
    public async Task Import_train_query_and_live_plays_work_across_three_hosts_over_tls()
    {
        Skip.If(hosts.SkipReason is not null, hosts.SkipReason);
        Log($"hosts up in {hosts.UpTime.TotalSeconds:F1} s: {string.Join(", ", hosts.Addresses)}");
        var path = Path.Combine(Path.GetTempPath(), $"{hosts.Name}-live.tsv");
        try
        {
            (await hosts.RunToolAsync("generate", "--users", "300", "--artists", "120", "--median-artists", "6", "--seed", "31", "--out", path)).EnsureSuccess();
            var data = DatasetLoader.Load(path, DatasetLoadOptions.Default).Dataset;
            var import = (await hosts.RunToolAsync("import", path, "--json")).EnsureSuccess().LastJson();
            // The other test's file may be in the catalogs too (one cluster for both): count this file's users.
            Assert.Equal((data.Users.Count, 0L), (import.GetProperty("users").GetInt32(), import.GetProperty("rejected").GetInt64()));

            var train = (await hosts.RunToolAsync("train", "--factors", "8", "--iterations", "5", "--seed", "3", "--json")).EnsureSuccess().LastJson();
            Log($"import {import.GetProperty("plays_per_second").GetDouble():F0} plays/s; train {train.GetProperty("elapsed").GetRawText()}");
            Assert.Equal(5, train.GetProperty("losses").GetArrayLength());

            // A listener and an artist it never played: the live play must be applied (history) and reflected
            // (the next answer comes from the listener's folded-in factor and leaves the played artist out).
            var user = data.Users[0];
            var played = data.Plays.RowIndexes(0).ToArray().Select(i => data.Artists[i]).ToHashSet();
            var fresh = data.Artists.Ids.First(a => !played.Contains(a));
            var before = (await hosts.RunToolAsync("recommend", user, "--json")).EnsureSuccess().LastJson();
            Assert.Equal("model", before.GetProperty("source").GetString(), StringComparer.OrdinalIgnoreCase);

            (await hosts.RunToolAsync("play", user, fresh, "--count", "40", "--json")).EnsureSuccess();
            await Eventually.TrueAsync(
                async () => (await hosts.RunToolAsync("history", user, "--json")).EnsureSuccess().LastJson().GetProperty("artists").EnumerateArray()
                    .Any(a => a.GetProperty("artist").GetString() == fresh && a.GetProperty("plays").GetDouble() >= 40),
                Settle,
                $"{user}'s history to hold 40 plays of {fresh}");
            var after = await Eventually.WaitAsync(
                () => hosts.Client.GetGrain<IUserGrain>(user).RecommendWith(new RecommendRequest()),
                r => r.Source == RecommendationSource.FoldIn,
                Settle,
                $"{user}'s answer to come from the fold-in");
            Assert.DoesNotContain(after.Artists, a => a.Artist == fresh);
            var tool = (await hosts.RunToolAsync("recommend", user, "--json")).EnsureSuccess().LastJson();
            Assert.NotEqual("model", tool.GetProperty("source").GetString(), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task A_host_cut_off_mid_training_and_restored_gives_the_undisturbed_model_and_the_cluster_heals()
    {
        Skip.If(hosts.SkipReason is not null, hosts.SkipReason);
        var path = Path.Combine(Path.GetTempPath(), $"{hosts.Name}-cut.tsv");
        try
        {
            (await hosts.RunToolAsync("generate", "--users", "800", "--artists", "250", "--median-artists", "8", "--seed", "32", "--out", path)).EnsureSuccess();
            (await hosts.RunToolAsync("import", path)).EnsureSuccess();

            // Nothing owed between the silos any more (outboxes settled, listener buffers flushed): both runs
            // below read the same plays.
            (await hosts.RunToolAsync("check")).EnsureSuccess();

            var options = new TrainingOptions { Factors = 8, Iterations = 20, Seed = 9 };
            var calm = await TrainAsync("calm", options, cut: false);
            var cut = await TrainAsync("cut", options, cut: true);

            Assert.True(cut.Phase == TrainingPhase.Completed, cut.Error);
            Assert.Equal(calm.Losses.Length, cut.Losses.Length);
            for (var i = 0; i < calm.Losses.Length; i++)
            {
                Assert.True(Math.Abs(calm.Losses[i] - cut.Losses[i]) <= 1e-6 * calm.Losses[i], $"iteration {i + 1}: loss {cut.Losses[i]} with the cut, {calm.Losses[i]} without");
            }

            foreach (var side in new[] { CatalogKind.Users, CatalogKind.Artists })
            {
                var expected = await PublishedFactors.ReadAsync(hosts.Client, side, "calm");
                var actual = await PublishedFactors.ReadAsync(hosts.Client, side, "cut");
                var worst = PublishedFactors.LargestDifference(expected, actual, options.Factors);
                Assert.True(worst is { } w && w.Difference <= Tolerance, $"{side} factors: largest difference {worst} (difference, row, component) from the undisturbed run");
                Log($"{side} factors: largest difference {worst!.Value.Difference} from the undisturbed run");
            }

            var active = await Eventually.WaitAsync(hosts.ActiveHostsAsync, n => n == HostsFixture.Silos, Settle, "every host's silo Active again");
            Log($"{active} of {HostsFixture.Silos} hosts Active after the cut:{Environment.NewLine}{await hosts.StatusAsync()}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Trains <paramref name="model"/>; with <paramref name="cut"/>, the link of the host running its orchestrator goes
    /// down after the second half-sweep for <see cref="CutFor"/>, then comes back. Returns the final status.
    /// </summary>
    private async Task<TrainingStatus> TrainAsync(string model, TrainingOptions options, bool cut)
    {
        var clock = Stopwatch.StartNew();
        var orchestrator = hosts.Client.GetGrain<ITrainingOrchestratorGrain>(model);
        TrainingStatus status = await orchestrator.Start(options);
        DateTimeOffset? restored = null;
        if (cut)
        {
            status = await Eventually.WaitAsync(orchestrator.GetStatus, s => s.HalfSweepsDone >= 2 || !s.IsRunning, Settle, $"{model}: two half-sweeps");
            Assert.True(status.IsRunning, $"training ended ({status.Phase}) before the cut");
            var silo = await hosts.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(orchestrator)
                ?? throw new InvalidOperationException($"{model}'s orchestrator has no activation while it runs");
            var host = hosts.HostOf(silo);
            await hosts.CutAsync(host);
            Log($"{model}: cut host h{host} ({silo}, the orchestrator's) after {status.HalfSweepsDone} of {2 * options.Iterations} half-sweeps, at {clock.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(CutFor);
            await hosts.RestoreAsync(host);
            restored = DateTimeOffset.UtcNow;
            Log($"{model}: restored h{host} at {clock.Elapsed.TotalSeconds:F1} s");
        }

        // While the orchestrator's host is unreachable a status call can time out: that is a poll without an answer.
        status = await Eventually.WaitAsync(
            async () => await TryStatusAsync(orchestrator) ?? status,
            s => !s.IsRunning,
            TimeSpan.FromMinutes(3),
            $"{model}: training to end");
        Log($"{model}: {status.Phase} in {clock.Elapsed.TotalSeconds:F1} s, {status.Resumes} resume(s); iteration seconds {string.Join(" ", status.IterationSeconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))}");

        // The run could not finish while its orchestrator was cut off: the cut did land in the middle of it.
        Assert.True(restored is null || status.Finished > restored, $"{model} finished at {status.Finished:HH:mm:ss.fff}, before the link came back at {restored:HH:mm:ss.fff}");
        return status;
    }

    private static async Task<TrainingStatus?> TryStatusAsync(ITrainingOrchestratorGrain orchestrator)
    {
        try
        {
            return await orchestrator.GetStatus();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return null;
        }
    }

    private void Log(string line) => output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {line}");
}
