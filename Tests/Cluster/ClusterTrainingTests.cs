using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Training;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Training through the grains on a multi-silo in-process cluster must give the single-process
/// trainer's factors: same data, seed and options, same kernels.
/// </summary>
public sealed class ClusterTrainingTests
{
    /// <summary>Largest allowed difference of any factor component. The kernels are the same, so it is 0 in practice.</summary>
    private const float Tolerance = 1e-5f;

    // 9,000 users span three partitions of 4,096 rows, so the user sweep fans out over several workers.
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 9_000, Artists = 1_200, MedianArtistsPerUser = 8, Seed = 11 }).Generate();

    private static readonly TrainingOptions Options = new() { Factors = 16, Iterations = 4, Seed = 3, Concurrency = 64 };

    private static readonly AlsModel Reference = new AlsTrainer(Options.ToAls() with { Threads = 2 }).Fit(Data.Plays);

    // Long enough that a silo can be killed while it runs.
    private static readonly TrainingOptions LongOptions = Options with { Iterations = 16 };

    private static readonly Lazy<AlsModel> LongReference = new(() => new AlsTrainer(LongOptions.ToAls() with { Threads = 2 }).Fit(Data.Plays));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Training_through_grains_equals_the_single_process_trainer(bool perRowCalls)
    {
        await using var harness = await ClusterHarness.StartAsync(3);
        await harness.ImportAsync(Data);

        await harness.Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(Options with { PerRowCalls = perRowCalls });
        var status = await harness.WaitForTrainingAsync();

        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        Assert.Equal(1, status.PublishedVersion);
        await AssertMatchesReferenceAsync(harness, status);
        AssertFactorBytes(status, perRowCalls);
    }

    [Fact]
    public async Task Killing_a_silo_mid_training_still_ends_with_the_same_factors()
    {
        await using var harness = await ClusterHarness.StartAsync(3);
        await harness.ImportAsync(Data);
        await harness.Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(LongOptions);

        // Silo 0 holds the in-memory reminder table; kill another one once the first iteration is durable.
        var killed = false;
        var status = await harness.WaitForTrainingAsync(onProgress: async s =>
        {
            if (!killed && s.HalfSweepsDone >= 2)
            {
                killed = true;
                await harness.Cluster.KillSiloAsync(harness.Cluster.Silos[2]);
            }
        });

        Assert.True(killed, "training finished before a silo could be killed");
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        await AssertMatchesReferenceAsync(harness, status, LongReference.Value);
    }

    [Fact]
    public async Task Queries_during_training_answer_from_the_published_version_only()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data);
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>("default");
        await orchestrator.Start(Options);
        await harness.WaitForTrainingAsync();
        await harness.WaitForPublishedAsync();

        var users = new[] { Data.Users[0], Data.Users[4_500], Data.Users[8_999] };
        var before = await Task.WhenAll(users.Select(u => harness.Client.GetGrain<IUserGrain>(u).RecommendWith(new RecommendRequest { Count = 10 })));
        Assert.All(before, r => Assert.Equal(1, r.ModelVersion));
        Assert.All(before, r => Assert.Equal(RecommendationSource.Model, r.Source));

        await orchestrator.Start(Options with { Seed = 99, Iterations = 6 });
        var during = 0;
        var status = await harness.WaitForTrainingAsync(onProgress: async _ =>
        {
            var answers = await Task.WhenAll(users.Select(u => harness.Client.GetGrain<IUserGrain>(u).RecommendWith(new RecommendRequest { Count = 10 })));
            if (answers.Any(a => a.ModelVersion != 1) && (await orchestrator.GetPublished())?.Version == 2)
            {
                return; // the run published between the status read and the queries: its status is about to say so
            }

            for (var i = 0; i < users.Length; i++)
            {
                // Still version 1: the same artists with the same scores, never a mix with the run in progress.
                Assert.Equal(1, answers[i].ModelVersion);
                Assert.Equal(before[i].Artists.AsEnumerable(), answers[i].Artists.AsEnumerable());
            }

            during++;
        });

        Assert.True(during > 0, "no query ran while training");
        Assert.Equal(2, status.PublishedVersion);
        await harness.WaitForPublishedAsync();
        var after = await harness.Client.GetGrain<IUserGrain>(users[0]).RecommendWith(new RecommendRequest { Count = 10 });
        Assert.Equal(2, after.ModelVersion);
        Assert.NotEqual(before[0].Artists.Select(a => a.Score), after.Artists.Select(a => a.Score));
    }

    [Fact]
    public async Task Cancelling_a_run_keeps_the_published_version_and_a_new_run_can_start()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data);
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>("default");
        await orchestrator.Start(Options with { Iterations = 200 });
        await Assert.ThrowsAsync<InvalidOperationException>(() => orchestrator.Start(Options));

        var cancelled = await orchestrator.Cancel();
        Assert.Equal(TrainingPhase.Cancelled, cancelled.Phase);
        Assert.True(cancelled.HalfSweepsDone < 400);
        Assert.Null(await orchestrator.GetPublished());

        await orchestrator.Start(Options);
        var status = await harness.WaitForTrainingAsync();
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        Assert.Equal(1, status.PublishedVersion);
    }

    private static async Task AssertMatchesReferenceAsync(ClusterHarness harness, TrainingStatus status, AlsModel? reference = null)
    {
        var expected = reference ?? Reference;
        var users = await harness.PublishedFactorsAsync(CatalogKind.Users);
        var artists = await harness.PublishedFactorsAsync(CatalogKind.Artists);
        AssertClose(expected.Users, users, "user");
        AssertClose(expected.Artists, artists, "artist");
        Assert.Equal(expected.History.Count, status.Losses.Length);
        for (var i = 0; i < status.Losses.Length; i++)
        {
            Assert.True(Math.Abs(status.Losses[i] - expected.History[i].Loss) <= 1e-6 * expected.History[i].Loss, $"iteration {i + 1}: loss {status.Losses[i]} vs {expected.History[i].Loss}");
        }
    }

    /// <summary>
    /// Factor bytes per iteration: every block written, from the second iteration every block's warm start read, and in
    /// block mode the artist partition's out-block (every user who played: one artist partition here) and, from the
    /// second iteration, the artist snapshot once on each silo (1 to 3) that ran a user partition.
    /// </summary>
    private static void AssertFactorBytes(TrainingStatus status, bool perRowCalls)
    {
        const long RowBytes = 16 * sizeof(float);
        var rows = (long)(Data.Users.Count + Data.Artists.Count) * RowBytes;
        var listeners = Enumerable.Range(0, Data.Plays.Rows).Count(u => Data.Plays.RowLength(u) > 0) * RowBytes;
        var artistSnapshot = Data.Artists.Count * RowBytes;
        Assert.Equal(Options.Iterations, status.IterationFactorBytes.Length);
        for (var i = 0; i < status.IterationFactorBytes.Length; i++)
        {
            var fixedPart = rows + (i > 0 ? rows : 0) + (perRowCalls ? 0 : listeners);
            var moved = status.IterationFactorBytes[i];
            if (perRowCalls || i == 0)
            {
                Assert.Equal(fixedPart, moved);
            }
            else
            {
                Assert.InRange(moved, fixedPart + artistSnapshot, fixedPart + (3 * artistSnapshot));
            }
        }
    }

    private static void AssertClose(FactorMatrix expected, float[] actual, string side)
    {
        var k = expected.Factors;
        Assert.Equal(expected.Rows * k, actual.Length);
        for (var r = 0; r < expected.Rows; r++)
        {
            var row = expected.Vector(r);
            for (var f = 0; f < k; f++)
            {
                var diff = MathF.Abs(row[f] - actual[(r * k) + f]);
                Assert.True(diff <= Tolerance, $"{side} {r} component {f}: cluster {actual[(r * k) + f]}, single process {row[f]}");
            }
        }
    }
}
