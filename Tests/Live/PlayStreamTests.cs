using System.Globalization;
using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Live;

/// <summary>Live plays through the play streams: 'play' and 'replay' against a silo with a trained model, checked through 'history'.</summary>
public sealed class PlayStreamTests(TrainedClusterFixture cluster) : IClassFixture<TrainedClusterFixture>
{
    [Fact]
    public async Task Play_adds_to_the_count_of_a_played_artist()
    {
        var (user, artist, _) = cluster.Rows().First(r => r.User == cluster.Rows()[0].User);
        var before = History.Read(cluster.Gateway, user)[artist];

        var play = Tool.Run("play", user, artist, "--count", "3", "--gateway", cluster.Gateway, "--json");
        Assert.True(play.ExitCode == 0, play.ToString());
        var sent = play.LastJson();
        Assert.Equal(user, sent.GetProperty("user").GetString());
        Assert.Equal(artist, sent.GetProperty("artist").GetString());
        Assert.Equal(3, sent.GetProperty("count").GetDouble());
        Assert.False(string.IsNullOrEmpty(sent.GetProperty("producer").GetString()));
        Assert.True(sent.GetProperty("sequence").GetInt64() >= DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());

        var after = await History.WaitForAsync(cluster.Gateway, user, p => p.GetValueOrDefault(artist) >= before + 3);
        Assert.True(after.GetValueOrDefault(artist) == before + 3, $"{artist}: {before} before, now {History.Describe(after)}{Environment.NewLine}silo: {cluster.SiloOutput}");
    }

    [Fact]
    public async Task Play_of_a_new_artist_adds_it_to_the_history()
    {
        var user = cluster.Rows()[^1].User;
        var artist = $"live-artist-{Guid.NewGuid():N}";

        var play = Tool.Run("play", user, artist, "--gateway", cluster.Gateway);
        Assert.True(play.ExitCode == 0, play.ToString());
        Assert.Contains(artist, play.Stdout, StringComparison.Ordinal);

        var after = await History.WaitForAsync(cluster.Gateway, user, p => p.ContainsKey(artist));
        Assert.True(after.GetValueOrDefault(artist) == 1, History.Describe(after));
    }

    [Fact]
    public async Task Replay_sends_every_row()
    {
        // New users, so their histories are exactly the file; known and new artists, some rows repeated.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var known = cluster.Rows().Select(r => r.Artist).Distinct().Take(4).ToArray();
        var rows = new List<(string User, string Artist, int Count)>();
        for (var u = 0; u < 5; u++)
        {
            for (var a = 0; a < known.Length; a++)
            {
                rows.Add(($"live-{tag}-{u}", known[(u + a) % known.Length], 1 + u + a));
            }

            rows.Add(($"live-{tag}-{u}", $"live-{tag}-artist", 2));
        }

        rows.Add(($"live-{tag}-0", known[0], 7));
        var file = Path.Combine(cluster.Folder, $"replay-{tag}.csv");
        File.WriteAllLines(file, ["user,artist,count", .. rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.User},{r.Artist},{r.Count}"))]);

        var replay = Tool.Run("replay", file, "--batch", "2", "--gateway", cluster.Gateway, "--json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        var json = replay.LastJson();
        Assert.Equal(rows.Count, json.GetProperty("plays").GetInt64());
        Assert.Equal(5, json.GetProperty("users").GetInt32());
        Assert.True(json.GetProperty("events").GetInt64() >= rows.Count / 2, json.ToString());
        Assert.True(json.GetProperty("plays_per_second").GetDouble() > 0, json.ToString());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0, json.ToString());

        foreach (var user in rows.GroupBy(r => r.User))
        {
            var expected = user.GroupBy(r => r.Artist).ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Count));
            var got = await History.WaitForAsync(cluster.Gateway, user.Key, p => expected.All(e => p.GetValueOrDefault(e.Key) >= e.Value));
            Assert.True(
                expected.Count == got.Count && expected.All(e => got.GetValueOrDefault(e.Key) == e.Value),
                $"{user.Key}: expected {History.Describe(expected)}, got {History.Describe(got)}{Environment.NewLine}silo: {cluster.SiloOutput}");
        }
    }

    [Fact]
    public void Replay_refuses_a_file_with_a_bad_row_and_sends_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(cluster.Folder, $"bad-{tag}.csv");
        File.WriteAllLines(file, ["user,artist,count", $"live-{tag},a,3", $"live-{tag},b,-4"]);

        var replay = Tool.Run("replay", file, "--gateway", cluster.Gateway);
        Assert.True(replay.ExitCode == 2, replay.ToString());
        Assert.Contains(":3:", replay.Stderr, StringComparison.Ordinal);
        Assert.Empty(History.Read(cluster.Gateway, $"live-{tag}"));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--count", "-1")]
    [InlineData("--count", "NaN")]
    public void Play_refuses_a_bad_count(string option, string value)
    {
        var play = Tool.Run("play", "u1", "a1", option, value, "--gateway", cluster.Gateway);
        Assert.True(play.ExitCode == 2, play.ToString());
        Assert.Contains(option, play.Stderr, StringComparison.Ordinal);
    }
}
