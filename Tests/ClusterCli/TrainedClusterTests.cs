using System.Text.Json;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>Import, train and query through the tool against a running silo.</summary>
public sealed class TrainedClusterTests(TrainedClusterFixture cluster) : IClassFixture<TrainedClusterFixture>
{
    [Fact]
    public void Import_reports_what_it_sent()
    {
        var rows = cluster.Rows();
        Assert.Equal(rows.Count, cluster.Import.GetProperty("rows").GetInt64());
        Assert.Equal(rows.Select(r => r.User).Distinct().Count(), cluster.Import.GetProperty("users").GetInt32());
        Assert.Equal(rows.Select(r => r.Artist).Distinct().Count(), cluster.Import.GetProperty("artists").GetInt32());
        Assert.True(cluster.Import.GetProperty("plays_per_second").GetDouble() > 0);
        Assert.True(cluster.Import.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void Training_completes_publishes_and_its_loss_falls()
    {
        var train = cluster.Train;
        Assert.Equal("completed", train.GetProperty("phase").GetString());
        Assert.Equal(5, train.GetProperty("iterations").GetInt32());
        var losses = train.GetProperty("losses").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        Assert.Equal(5, losses.Length);
        Assert.True(losses[^1] < losses[0], string.Join(", ", losses));
        Assert.True(train.GetProperty("published_version").GetInt32() >= 1);

        var status = Tool.Run("status", "--gateway", cluster.Gateway, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var published = status.LastJson().GetProperty("published");
        Assert.True(published.GetProperty("version").GetInt32() >= train.GetProperty("published_version").GetInt32(), published.ToString());
        Assert.Equal(16, published.GetProperty("factors").GetInt32());
        Assert.Equal(cluster.Import.GetProperty("users").GetInt32(), published.GetProperty("users").GetInt32());
    }

    [Fact]
    public void Recommendations_exclude_what_the_user_played()
    {
        var user = cluster.Rows().GroupBy(r => r.User).First(g => g.Count() >= 5).Key;

        var history = Tool.Run("history", user, "--gateway", cluster.Gateway, "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        var played = history.LastJson().GetProperty("artists").EnumerateArray().ToArray();
        var expected = cluster.Rows().Where(r => r.User == user).ToDictionary(r => r.Artist, r => r.Count);
        Assert.Equal(expected.Count, played.Length);
        var counts = played.Select(p => p.GetProperty("plays").GetDouble()).ToArray();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        foreach (var p in played)
        {
            Assert.Equal(expected[p.GetProperty("artist").GetString()!], p.GetProperty("plays").GetDouble());
        }

        var recommend = Tool.Run("recommend", user, "--count", "10", "--gateway", cluster.Gateway, "--json");
        Assert.True(recommend.ExitCode == 0, recommend.ToString());
        var json = recommend.LastJson();
        Assert.True(json.GetProperty("model_version").GetInt32() >= cluster.Train.GetProperty("published_version").GetInt32(), json.ToString());
        Assert.Equal("model", json.GetProperty("source").GetString());
        var artists = json.GetProperty("artists").EnumerateArray().ToArray();
        Assert.Equal(10, artists.Length);
        foreach (var a in artists)
        {
            Assert.False(expected.ContainsKey(a.GetProperty("artist").GetString()!), $"{a} was played by {user}");
            Assert.False(string.IsNullOrEmpty(a.GetProperty("name").GetString()));
        }

        var scores = artists.Select(a => a.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public void Similar_and_explain_answer_from_the_published_model()
    {
        var rows = cluster.Rows();
        var artist = rows.GroupBy(r => r.Artist).OrderByDescending(g => g.Count()).First().Key;
        var similar = Tool.Run("similar", artist, "--count", "5", "--gateway", cluster.Gateway, "--json");
        Assert.True(similar.ExitCode == 0, similar.ToString());
        var json = similar.LastJson();
        Assert.True(json.GetProperty("model_version").GetInt32() >= 1);
        var names = json.GetProperty("artists").EnumerateArray().Select(a => a.GetProperty("artist").GetString()).ToArray();
        Assert.Equal(5, names.Length);
        Assert.DoesNotContain(artist, names);

        var user = rows.GroupBy(r => r.User).First(g => g.Count() >= 5).Key;
        var recommended = Tool.Run("recommend", user, "--count", "1", "--gateway", cluster.Gateway, "--json").LastJson()
            .GetProperty("artists")[0].GetProperty("artist").GetString()!;
        var explain = Tool.Run("explain", user, recommended, "--count", "3", "--gateway", cluster.Gateway, "--json");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        var why = explain.LastJson();
        Assert.Equal(recommended, why.GetProperty("artist").GetString());
        Assert.True(why.GetProperty("model_version").GetInt32() >= 1);
        var played = rows.Where(r => r.User == user).Select(r => r.Artist).ToHashSet();
        var contributors = why.GetProperty("artists").EnumerateArray().ToArray();
        Assert.InRange(contributors.Length, 1, 3);
        Assert.All(contributors, c => Assert.Contains(c.GetProperty("artist").GetString()!, played));
    }

    [Fact]
    public void A_second_run_cannot_start_while_one_is_running_and_detach_returns_at_once()
    {
        var detached = Tool.Run("train", "--gateway", cluster.Gateway, "--factors", "16", "--iterations", "200", "--detach", "--json");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        var run = detached.LastJson().GetProperty("run_id").GetString();

        try
        {
            var second = Tool.Run("train", "--gateway", cluster.Gateway, "--factors", "16", "--iterations", "3");
            var status = Tool.Run("status", "--gateway", cluster.Gateway, "--json").LastJson().GetProperty("training");
            if (status.GetProperty("run_id").GetString() == run && status.GetProperty("phase").GetString() is "user_sweep" or "artist_sweep" or "publishing")
            {
                Assert.True(second.ExitCode == 2, second.ToString());
                Assert.Contains("already training", second.Stderr);
            }
        }
        finally
        {
            // Leave the published model as the other tests expect it: wait for the long run to end.
            var follow = Tool.Run(TimeSpan.FromMinutes(5), "status", "--gateway", cluster.Gateway, "--follow", "--json");
            Assert.True(follow.ExitCode is 0 or 130, follow.ToString());
        }
    }
}
