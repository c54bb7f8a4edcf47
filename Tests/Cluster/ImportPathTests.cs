using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Import sends plays to the user grains only; the silos owe the artist grains their listener changes.
/// The artists must end up with exactly the file's listeners, and a run started right after an import
/// must see all of them even while the silos' buffers would not flush on their own for minutes.
/// </summary>
public sealed class ImportPathTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 1_500, Artists = 400, MedianArtistsPerUser = 8, Seed = 5 }).Generate();

    private static readonly TrainingOptions Options = new() { Factors = 8, Iterations = 2, Seed = 7, Concurrency = 32 };

    [Fact]
    public async Task After_an_import_through_the_user_grains_the_artists_hold_exactly_the_files_listener_counts()
    {
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMilliseconds(200));
        await harness.ImportAsync(Data);

        // The silos' own 200 ms flushes deliver the listener changes.
        await Eventually.WaitAsync(
            () => ArtistsDifferingFromTheFileAsync(harness),
            wrong => wrong.Count == 0,
            TimeSpan.FromSeconds(30),
            "every artist to hold the file's listener counts (value: the artists still differing)");

        // Importing the same data again is a redelivery: the user grains drop it and nothing moves.
        await harness.ImportAsync(Data);
        await harness.FlushListenersAsync();
        Assert.Empty(await ArtistsDifferingFromTheFileAsync(harness));
    }

    [Fact]
    public async Task A_run_started_right_after_an_import_sees_every_listener()
    {
        // Buffers that flush on their own only after ten minutes: only the run's barrier can deliver the changes.
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMinutes(10));
        await harness.ImportAsync(Data);
        var before = await harness.Client.GetGrain<IArtistGrain>(Data.Artists[0]).GetObservations();
        Assert.Empty(before.Indexes);

        await harness.Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(Options);
        var status = await harness.WaitForTrainingAsync();

        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        Assert.Empty(await ArtistsDifferingFromTheFileAsync(harness));
        var reference = new AlsTrainer(Options.ToAls() with { Threads = 2 }).Fit(Data.Plays);
        var artists = await harness.PublishedFactorsAsync(CatalogKind.Artists);
        var k = reference.Artists.Factors;
        for (var a = 0; a < reference.Artists.Rows; a++)
        {
            var row = reference.Artists.Vector(a);
            for (var f = 0; f < k; f++)
            {
                Assert.True(MathF.Abs(row[f] - artists[(a * k) + f]) <= 1e-5f, $"artist {a} component {f}: cluster {artists[(a * k) + f]}, single process {row[f]}");
            }
        }
    }

    /// <summary>Artists whose listener indexes or counts are not the file's column.</summary>
    private static Task<List<int>> ArtistsDifferingFromTheFileAsync(ClusterHarness harness) => ArtistsDifferingAsync(harness, Data);

    /// <summary>Artists whose listener indexes or counts are not the column of <paramref name="Data"/>.</summary>
    internal static async Task<List<int>> ArtistsDifferingAsync(ClusterHarness harness, Dataset Data)
    {
        var listeners = Data.Plays.Transpose();
        var observed = await Task.WhenAll(Enumerable.Range(0, listeners.Rows).Select(a => harness.Client.GetGrain<IArtistGrain>(Data.Artists[a]).GetObservations()));
        var wrong = new List<int>();
        for (var a = 0; a < listeners.Rows; a++)
        {
            var start = listeners.RowStarts[a];
            var end = listeners.RowStarts[a + 1];
            if (!observed[a].Indexes.AsSpan().SequenceEqual(listeners.ColumnIndexes.AsSpan(start, end - start))
                || !observed[a].Counts.AsSpan().SequenceEqual(listeners.Values.AsSpan(start, end - start)))
            {
                wrong.Add(a);
            }
        }

        return wrong;
    }
}
