using System.Text.Json;
using MusicRecs.Client.Connection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Tests.Json;

namespace MusicRecs.Tests.ClusterCli;

/// <summary><c>musicrecs check</c> against a silo with an imported dataset: consistent as imported, and not once one side is changed.</summary>
public sealed class CheckTests
{
    [Fact]
    public void An_imported_dataset_checks_consistent_with_both_sides_equal_to_the_file()
    {
        using var silo = new ImportedSilo();
        var fileSum = silo.Rows().Sum(r => r.Count);

        var check = silo.Check();

        Assert.True(check.ExitCode == 0, check.ToString());
        var json = check.LastJson();
        Assert.Equal(ExpectedKeys.Check, JsonKeys.Of(json));
        Assert.True(json.GetProperty("consistent").GetBoolean());
        Assert.Equal(silo.Rows().Select(r => r.User).Distinct().Count(), json.GetProperty("users").GetInt32());
        Assert.Equal(silo.Rows().Select(r => r.Artist).Distinct().Count(), json.GetProperty("artists").GetInt32());
        AssertClose(fileSum, json.GetProperty("user_side_plays").GetDouble());
        AssertClose(fileSum, json.GetProperty("artist_side_plays").GetDouble());
        Assert.Equal(0, json.GetProperty("mismatched_pairs").GetInt64());
        Assert.Equal(0, json.GetProperty("pending_deltas").GetInt64());
        Assert.Equal(0, json.GetProperty("catalog_errors").GetInt32());
        Assert.Empty(json.GetProperty("first_mismatches").EnumerateArray());
    }

    [Fact]
    public async Task Plays_added_to_an_artist_alone_fail_the_check_and_name_the_pairs()
    {
        using var silo = new ImportedSilo();
        var rows = silo.Rows();
        var (user, artist, count) = rows[rows.Count / 2];
        var stranger = rows.Select(r => r.User).First(u => !rows.Any(r => r.User == u && r.Artist == artist));
        await using (var connection = await ClusterConnection.ConnectAsync(silo.Silo.ClientSettings, CancellationToken.None))
        {
            var users = await connection.Users.Lookup([user, stranger]);
            var index = (await connection.Artists.Lookup([artist]))[0];
            await connection.Artist(artist).AddListeners(index, null, [new ListenerPlay(users[0], 3f), new ListenerPlay(users[1], 2f)]);
        }

        var check = silo.Check();

        Assert.True(check.ExitCode == 4, check.ToString());
        var json = check.LastJson();
        Assert.Equal(ExpectedKeys.CheckInconsistent, JsonKeys.Of(json));
        Assert.False(json.GetProperty("consistent").GetBoolean());
        Assert.Equal(2, json.GetProperty("mismatched_pairs").GetInt64());
        Assert.Equal(0, json.GetProperty("catalog_errors").GetInt32());
        AssertClose(rows.Sum(r => r.Count), json.GetProperty("user_side_plays").GetDouble());
        AssertClose(rows.Sum(r => r.Count) + 5, json.GetProperty("artist_side_plays").GetDouble());
        var named = json.GetProperty("first_mismatches").EnumerateArray().ToDictionary(m => m.GetProperty("user").GetString()!);
        Assert.Equal(2, named.Count);
        AssertPair(named[user], artist, count, count + 3);
        AssertPair(named[stranger], artist, null, 2);
        Assert.Contains($"user '{user}' / artist '{artist}'", check.Stderr, StringComparison.Ordinal);
        Assert.Contains($"user '{stranger}' / artist '{artist}'", check.Stderr, StringComparison.Ordinal);
    }

    private static void AssertPair(JsonElement mismatch, string artist, double? userPlays, double artistPlays)
    {
        Assert.Equal("pair", mismatch.GetProperty("kind").GetString());
        Assert.Equal(artist, mismatch.GetProperty("artist").GetString());
        if (userPlays is { } u)
        {
            AssertClose(u, mismatch.GetProperty("user_plays").GetDouble());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, mismatch.GetProperty("user_plays").ValueKind);
        }

        AssertClose(artistPlays, mismatch.GetProperty("artist_plays").GetDouble());
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
