using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Activations that served only bulk work (an import's batch, a flush's listener changes, training's gather) leave
/// once idle (Live:ReleaseBulkActivations), so a silo does not keep every grain an import or a run touched; their
/// states come back from storage whole, and a user that answered a query stays.
/// </summary>
public sealed class BulkActivationTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 300, Artists = 80, MedianArtistsPerUser = 6, Seed = 11 }).Generate();

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Grains_an_import_activated_leave_once_their_changes_are_delivered_and_a_queried_user_stays()
    {
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMilliseconds(200));
        await harness.ImportAsync(Data);
        var queried = harness.Client.GetGrain<IUserGrain>(Data.Users[0]);
        Assert.NotEmpty((await queried.GetHistory()).Plays);

        // The silos' 200 ms flushes deliver the changes; nothing is lost with the activations that left: storage
        // gives every artist the file's listeners back.
        await Eventually.WaitAsync(
            () => ImportPathTests.ArtistsDifferingAsync(harness, Data),
            wrong => wrong.Count == 0,
            Timeout,
            "every artist to hold the file's listener counts (value: the artists still differing)");

        await Eventually.WaitAsync(
            () => ActivationsAsync(harness),
            a => a.Users == 1 && a.Artists == 0,
            Timeout,
            "only the queried user to stay activated after the import's flushes (value: user and artist activations)");
    }

    [Fact]
    public async Task A_user_reactivated_after_its_changes_were_acknowledged_sends_none_of_them_again()
    {
        await using var harness = await ClusterHarness.StartAsync(1, listenerFlushPeriod: TimeSpan.FromMinutes(10));
        await harness.ImportAsync(Data);
        var buffer = harness.Cluster.Silos[0].SiloHost.Services.GetRequiredService<ListenerBuffer>();
        var delivered = await buffer.FlushAsync();
        Assert.Equal(Data.Plays.NonZeros, delivered.Sent);
        await Eventually.WaitAsync(() => ActivationsAsync(harness), a => a.Users == 0, Timeout, "the imported users to leave (value: user and artist activations)");

        // Training's gather activates every user: what the artists acknowledged is dropped, not resent.
        var observed = await Task.WhenAll(Data.Users.Ids.Select(u => harness.Client.GetGrain<IUserGrain>(u).GetObservations()));
        Assert.Equal(Data.Plays.NonZeros, observed.Sum(o => o.Indexes.Length));
        Assert.Equal(0, (await buffer.FlushAsync()).Sent);
    }

    [Fact]
    public async Task With_the_release_off_the_imported_users_stay_activated()
    {
        await using var harness = await ClusterHarness.StartAsync(
            1,
            listenerFlushPeriod: TimeSpan.FromMilliseconds(200),
            configureSilo: silo => silo.Services.Configure<LiveOptions>(o => o.ReleaseBulkActivations = false));
        await harness.ImportAsync(Data);
        await harness.FlushListenersAsync();

        var activations = await ActivationsAsync(harness);
        Assert.Equal(Data.Users.Count, activations.Users);
        Assert.True(activations.Artists > 0, "the artists a flush reached stay activated too");
    }

    /// <summary>Activations of user and artist grains across the cluster (grain types "user" and "artist").</summary>
    private static async Task<(int Users, int Artists)> ActivationsAsync(ClusterHarness harness)
    {
        var stats = await harness.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        int Count(string type) => stats.Count(s => s.GrainId.Type.ToString() == type);
        return (Count("user"), Count("artist"));
    }
}
