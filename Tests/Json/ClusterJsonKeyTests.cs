using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Json;

/// <summary>The --json keys of the commands that talk to a running silo, exactly.</summary>
public sealed class ClusterJsonKeyTests(TrainedClusterFixture cluster) : IClassFixture<TrainedClusterFixture>
{
    [Fact]
    public void Import_and_train()
    {
        Assert.Equal(ExpectedKeys.Import, JsonKeys.Of(cluster.Import));
        Assert.Equal(ExpectedKeys.Train, JsonKeys.Of(cluster.Train));
    }

    [Fact]
    public void Status() => AssertKeys(ExpectedKeys.Status, "status");

    [Fact]
    public void Queries()
    {
        var (user, artist, unplayed) = Pair();
        AssertKeys(ExpectedKeys.Recommend, "recommend", user);
        AssertKeys(ExpectedKeys.Similar, "similar", artist);
        AssertKeys(ExpectedKeys.Explain, "explain", user, unplayed);
        AssertKeys(ExpectedKeys.History, "history", user);
    }

    [Fact]
    public void Play_replay_and_cancel()
    {
        var (user, _, unplayed) = Pair();
        AssertKeys(ExpectedKeys.Play, "play", user, unplayed);
        AssertKeys(ExpectedKeys.Replay, "replay", cluster.DataFile);
        AssertKeys(ExpectedKeys.Cancel, "cancel");
    }

    /// <summary>A user with plays, one artist it played, and one it did not.</summary>
    private (string User, string Artist, string Unplayed) Pair()
    {
        var rows = cluster.Rows();
        var user = rows.GroupBy(r => r.User).First(g => g.Count() >= 5);
        var played = user.Select(r => r.Artist).ToHashSet(StringComparer.Ordinal);
        return (user.Key, user.First().Artist, rows.First(r => !played.Contains(r.Artist)).Artist);
    }

    private void AssertKeys(string[] expected, params string[] args) =>
        OfflineJsonKeyTests.AssertKeys(expected, [.. args, "--gateway", cluster.Gateway, "--json"]);
}
