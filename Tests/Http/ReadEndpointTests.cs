using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MusicRecs.Silo.Http;

namespace MusicRecs.Tests.Http;

/// <summary>The contracts of the read endpoints: status, snake_case fields, and what the answers hold.</summary>
[Collection(HttpCollection.Name)]
public sealed class ReadEndpointTests(HttpSiloFixture silo)
{
    private async Task<JsonElement> Get(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await silo.Anonymous.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Artists(JsonElement items) => [.. items.EnumerateArray().Select(i => i.GetProperty("artist").GetString()!)];

    [Fact]
    public async Task Recommendations_come_from_the_model_and_leave_out_played_artists()
    {
        var r = await Get("/api/users/user-0/recommendations?n=5");
        Assert.Equal("user-0", r.GetProperty("user").GetString());
        Assert.True(r.GetProperty("model_version").GetInt32() >= 1);
        Assert.Contains(r.GetProperty("source").GetString(), new[] { "model", "fold_in" });
        var items = r.GetProperty("items");
        Assert.Equal(5, items.GetArrayLength());
        var played = new[] { "g0-a0", "g0-a1", "g0-a2", "g0-a3", "g0-a4", "g0-a5", "g1-a0" };
        Assert.DoesNotContain(Artists(items), played.Contains);
        var first = items[0];
        Assert.False(string.IsNullOrEmpty(first.GetProperty("name").GetString()));
        var scores = items.EnumerateArray().Select(i => i.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        // The user's own group ranks first: g0 artists it has not played.
        Assert.StartsWith("g0-", Artists(items)[0]);
    }

    [Fact]
    public async Task Recommendation_options_offset_exclude_only_and_include_played()
    {
        // Plays sent by other tests of this collection may still refresh artist factors: take a page between two equal rankings.
        string[] all = [], paged = [];
        await HttpSiloFixture.Until(async () =>
        {
            all = Artists((await Get("/api/users/user-3/recommendations?n=6")).GetProperty("items"));
            paged = Artists((await Get("/api/users/user-3/recommendations?n=3&offset=2")).GetProperty("items"));
            var again = Artists((await Get("/api/users/user-3/recommendations?n=6")).GetProperty("items"));
            return Enumerable.SequenceEqual(all, again);
        }, "the same ranking before and after the page");
        Assert.Equal(all[2..5], paged);
        var excluded = Artists((await Get($"/api/users/user-3/recommendations?n=5&exclude={all[0]},{all[1]}")).GetProperty("items"));
        Assert.DoesNotContain(all[0], excluded);
        Assert.DoesNotContain(all[1], excluded);
        var only = Artists((await Get("/api/users/user-3/recommendations?n=5&only=g2-a0,g2-a1,g0-a3")).GetProperty("items"));
        Assert.All(only, a => Assert.Contains(a, new[] { "g2-a0", "g2-a1", "g0-a3" }));
        Assert.DoesNotContain("g0-a3", only); // played by user-3
        var withPlayed = Artists((await Get("/api/users/user-3/recommendations?n=30&include_played=true")).GetProperty("items"));
        Assert.Contains("g0-a3", withPlayed);
    }

    [Fact]
    public async Task Explanation_names_played_artists_whose_shares_sum_to_one()
    {
        var e = await Get("/api/users/user-0/explanations/g0-a7?n=10");
        Assert.Equal("user-0", e.GetProperty("user").GetString());
        Assert.Equal("g0-a7", e.GetProperty("artist").GetString());
        Assert.True(e.GetProperty("model_version").GetInt32() >= 1);
        var items = e.GetProperty("items");
        Assert.Equal(7, items.GetArrayLength());
        Assert.All(Artists(items), a => Assert.Contains(a, new[] { "g0-a0", "g0-a1", "g0-a2", "g0-a3", "g0-a4", "g0-a5", "g1-a0" }));
        var shares = items.EnumerateArray().Sum(i => i.GetProperty("share").GetDouble());
        Assert.InRange(shares, 0.99, 1.01);
        var amounts = items.EnumerateArray().Sum(i => i.GetProperty("amount").GetDouble());
        Assert.InRange(amounts, e.GetProperty("score").GetDouble() - 1e-3, e.GetProperty("score").GetDouble() + 1e-3);
    }

    [Fact]
    public async Task History_lists_plays_most_played_first()
    {
        var h = await Get("/api/users/user-1/history");
        Assert.Equal("user-1", h.GetProperty("user").GetString());
        Assert.Equal(7, h.GetProperty("artists").GetInt32());
        var items = h.GetProperty("items");
        Assert.Equal("g1-a1", items[0].GetProperty("artist").GetString());
        Assert.Equal(30, items[0].GetProperty("count").GetDouble());
        Assert.Equal(JsonValueKind.String, items[0].GetProperty("last_played").ValueKind);
        Assert.Equal(2, (await Get("/api/users/user-1/history?n=2")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Similar_artists_are_of_the_same_group()
    {
        var s = await Get("/api/artists/g2-a4/similar?n=3");
        Assert.Equal("g2-a4", s.GetProperty("artist").GetString());
        var items = Artists(s.GetProperty("items"));
        Assert.Equal(3, items.Length);
        Assert.DoesNotContain("g2-a4", items);
        Assert.All(items, a => Assert.StartsWith("g2-", a));
    }

    [Fact]
    public async Task Popular_artists_are_ranked_by_listeners()
    {
        var p = await Get("/api/artists/popular?n=4");
        var items = p.GetProperty("items");
        Assert.Equal(4, items.GetArrayLength());
        Assert.Equal(1, items[0].GetProperty("rank").GetInt32());
        var listeners = items.EnumerateArray().Select(i => i.GetProperty("listeners").GetInt32()).ToArray();
        Assert.Equal(listeners.OrderDescending(), listeners);
        Assert.True(listeners[0] > 0);
    }

    [Fact]
    public async Task Model_and_stats_describe_the_published_version()
    {
        var m = await Get("/api/model");
        Assert.Equal("default", m.GetProperty("model").GetString());
        Assert.True(m.GetProperty("version").GetInt32() >= 1);
        Assert.Equal(SeedData.Users, m.GetProperty("users").GetInt32());
        Assert.Equal(8, m.GetProperty("factors").GetInt32());
        Assert.True(m.GetProperty("age_seconds").GetDouble() >= 0);
        Assert.InRange(m.GetProperty("losses").GetArrayLength(), 0, 6); // 6 unless a later run (cancelled by another test) replaced the status
        var training = m.GetProperty("training");
        Assert.Contains(training.GetProperty("phase").GetString(), new[] { "completed", "cancelled" });
        Assert.InRange(training.GetProperty("progress").GetDouble(), 0, 1);

        // The cluster-wide totals are reported about once a second: the seeding plays may be applied but not yet reported.
        await silo.EnsureFreshnessMeasuredAsync();
        var s = await Eventually.WaitAsync(() => Get("/api/stats"), stats => stats.GetProperty("plays_applied").GetInt64() >= SeedData.Users * 7, TimeSpan.FromSeconds(30), "the seeding plays in the reported totals");
        Assert.True(s.GetProperty("model_version").GetInt32() >= 1);
        Assert.True(s.GetProperty("plays_applied").GetInt64() >= SeedData.Users * 7);
        Assert.True(s.GetProperty("play_to_fresh_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Health_is_live_and_ready_once_a_model_is_published()
    {
        Assert.Equal("live", (await Get("/health/live")).GetProperty("status").GetString());
        var ready = await Get("/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("in_cluster").GetBoolean());
    }

    [Fact]
    public async Task OpenApi_document_names_every_endpoint_and_the_reference_page_is_served()
    {
        var doc = await Get("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/users/{user}/recommendations", "/api/users/{user}/explanations/{artist}", "/api/users/{user}/history",
            "/api/recommendations", "/api/recommendations/anonymous", "/api/artists/{artist}/similar", "/api/artists/popular",
            "/api/plays", "/api/model", "/api/training", "/health/live", "/health/ready",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var recommend = paths.GetProperty("/api/users/{user}/recommendations").GetProperty("get");
        Assert.Equal("GetRecommendations", recommend.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrEmpty(recommend.GetProperty("summary").GetString()));

        using var page = await silo.Anonymous.GetAsync("/api-reference.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/openapi/v1.json", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_show_the_orleans_meter_and_the_platform_instruments()
    {
        await silo.Anonymous.GetStringAsync("/api/users/user-0/recommendations");
        string[] expected =
        [
            "musicrecs_model_version", "orleans_", "musicrecs_plays_applied", "musicrecs_listener_buffered",
            "musicrecs_play_to_fresh_duration_seconds", "musicrecs_training_iteration_duration_seconds",
            "musicrecs_http_query_duration", "endpoint=\"recommendations\"",
        ];
        string text = "";
        await silo.EnsureFreshnessMeasuredAsync();

        // The exporter answers scrapes from a short-lived cache, so an instrument recorded just before may show a scrape later.
        await Eventually.WaitAsync(async () =>
        {
            text = await silo.Anonymous.GetStringAsync("/metrics");
            var missing = expected.Where(name => !text.Contains(name, StringComparison.Ordinal)).ToArray();
            return missing.Length == 0 ? "" : $"{string.Join(", ", missing)}; /api/model: {await silo.Anonymous.GetStringAsync("/api/model")}";
        }, m => m.Length == 0, TimeSpan.FromSeconds(60), "every expected instrument in /metrics (the value lists those missing)");
        Assert.Contains("orleans_", text);
        Assert.Contains("musicrecs_plays_applied", text);
        Assert.Contains("musicrecs_listener_buffered", text);
        Assert.Contains("musicrecs_play_to_fresh_duration_seconds", text); // the fixture's seeding plays were probed
        Assert.Contains("musicrecs_training_iteration_duration_seconds", text);
        Assert.Contains("musicrecs_http_query_duration", text);
        Assert.Contains("endpoint=\"recommendations\"", text);
    }
}
