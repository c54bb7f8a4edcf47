using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// A silo that dies holding listener changes in its buffer loses nothing: the changes are entries of the
/// users' durable outboxes, and a user grain reactivated elsewhere sends them again; the artists apply
/// each entry once, so a resend of what already arrived changes nothing.
/// </summary>
public sealed class OutboxRecoveryTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 600, Artists = 200, MedianArtistsPerUser = 6, Seed = 11 }).Generate();

    [Fact]
    public async Task Changes_held_by_a_killed_silo_reach_the_artists_from_the_reactivated_users_outboxes_exactly_once()
    {
        // Buffers that would flush on their own only after ten minutes: the kill takes what silo 1 holds.
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMinutes(10));
        var management = harness.Client.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30), "both silos to be active");
        await harness.ImportAsync(Data);
        var primary = harness.Cluster.Silos[0];
        var doomed = harness.Cluster.Silos[1];
        Assert.True(doomed.SiloHost.Services.GetRequiredService<ListenerBuffer>().Held > 0, "no user grain was placed on the silo to be killed");
        await harness.Cluster.KillSiloAsync(doomed);
        await harness.FlushListenersAsync();
        Assert.NotEmpty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));

        // Every user once: the ones that lived on the dead silo reactivate and resend; the others' entries were delivered by the flush above.
        var owed = await Task.WhenAll(Data.Users.Ids.Select(u => harness.Client.GetGrain<IUserGrain>(u).Settle()));
        Assert.Contains(owed, o => o > 0);
        await harness.FlushListenersAsync();
        Assert.Empty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));

        // The second pass finds every entry acknowledged and forgets it; resending changes no count.
        var left = await Task.WhenAll(Data.Users.Ids.Select(u => harness.Client.GetGrain<IUserGrain>(u).Settle()));
        Assert.All(left, l => Assert.Equal(0, l));
        await harness.ImportAsync(Data);
        await harness.FlushListenersAsync();
        Assert.Empty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));
        Assert.Same(primary, harness.Cluster.Silos.Single());
    }
}
