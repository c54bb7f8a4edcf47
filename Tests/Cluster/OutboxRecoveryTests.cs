using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Tests.Faults;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Listener changes are never the only copy of a play: they are entries of the users' durable outboxes.
/// A silo that dies holding them, and storage that fails writes (before or after storing them), leave the
/// artists with exactly the users' plays once the users have resent what they still owe; the artists apply
/// each entry once, so a resend of what already arrived changes nothing.
/// </summary>
public sealed class OutboxRecoveryTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 600, Artists = 200, MedianArtistsPerUser = 6, Seed = 11 }).Generate();

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Changes_held_by_a_killed_silo_reach_the_artists_from_the_reactivated_users_outboxes_exactly_once()
    {
        // Buffers that would flush on their own only after ten minutes, and artists that cannot store: every
        // change stays in a buffer, and the kill takes for certain what silo 1 holds.
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMinutes(10), faultyStorage: true);
        var management = harness.Client.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Timeout, "both silos to be active");
        harness.Faults(StorageNames.Artists).Options = new FaultOptions { FailBeforeStore = 1 };
        await harness.ImportAsync(Data);
        var doomed = harness.Cluster.Silos[1];
        Assert.True(doomed.SiloHost.Services.GetRequiredService<ListenerBuffer>().Held > 0, "no user grain was placed on the silo to be killed");
        await harness.Cluster.KillSiloAsync(doomed);

        harness.Faults(StorageNames.Artists).Options = FaultOptions.None;
        await harness.FlushListenersAsync();
        Assert.NotEmpty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));

        // Every user once: those that lived on the dead silo reactivate and resend; the others' entries were delivered by the flush above.
        var owed = await Task.WhenAll(Data.Users.Ids.Select(u => harness.Client.GetGrain<IUserGrain>(u).Settle()));
        Assert.Contains(owed, o => o > 0);
        await harness.FlushListenersAsync();
        Assert.Empty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));

        // The second pass finds every entry acknowledged and forgets it; sending the plays again changes no count.
        var left = await Task.WhenAll(Data.Users.Ids.Select(u => harness.Client.GetGrain<IUserGrain>(u).Settle()));
        Assert.All(left, l => Assert.Equal(0, l));
        await harness.ImportAsync(Data);
        await harness.FlushListenersAsync();
        Assert.Empty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));
    }

    [Fact]
    public async Task Writes_failing_before_or_after_they_are_stored_leave_both_sides_with_exactly_the_files_counts()
    {
        await using var harness = await ClusterHarness.StartAsync(2, listenerFlushPeriod: TimeSpan.FromMinutes(10), faultyStorage: true);
        var users = harness.Faults(StorageNames.Users);
        var artists = harness.Faults(StorageNames.Artists);
        users.Options = new FaultOptions { FailBeforeStore = 0.2, FailAfterStore = 0.2, Timeout = 0.05, TimeoutDelay = TimeSpan.FromMilliseconds(10) };
        artists.Options = new FaultOptions { FailBeforeStore = 0.2, FailAfterStore = 0.2 };

        // A client retries a failed batch as it is: the events' ids make the retry safe.
        await harness.ImportAsync(Data, attempts: 30);
        await Eventually.TrueAsync(
            async () =>
            {
                await harness.FlushListenersAsync();
                return harness.Cluster.Silos.All(s => s.SiloHost.Services.GetRequiredService<ListenerBuffer>().Held == 0);
            },
            Timeout,
            "the silos to deliver every listener change through failing artist writes");

        users.Options = FaultOptions.None;
        artists.Options = FaultOptions.None;
        Assert.True(users.FailedBeforeStore > 0 && users.FailedAfterStore > 0 && users.Timeouts > 0, "no user write failed");
        Assert.True(artists.FailedBeforeStore > 0 && artists.FailedAfterStore > 0, "no artist write failed");
        Assert.Empty(await ImportPathTests.ArtistsDifferingAsync(harness, Data));
        var histories = await Task.WhenAll(Enumerable.Range(0, Data.Users.Count).Select(u => harness.Client.GetGrain<IUserGrain>(Data.Users[u]).GetHistory()));
        for (var u = 0; u < Data.Users.Count; u++)
        {
            var start = Data.Plays.RowStarts[u];
            var end = Data.Plays.RowStarts[u + 1];
            Assert.Equal(Data.Plays.ColumnIndexes.AsSpan(start, end - start).ToArray(), histories[u].Plays.Select(p => p.Artist));
            Assert.Equal(Data.Plays.Values.AsSpan(start, end - start).ToArray(), histories[u].Plays.Select(p => p.Count));
        }
    }
}
