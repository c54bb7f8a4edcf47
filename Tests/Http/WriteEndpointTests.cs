using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Ingest;
using MusicRecs.Silo.Http;

namespace MusicRecs.Tests.Http;

/// <summary>Plays onto the play stream (once per id), many-user recommendations, and training start and cancel.</summary>
[Collection(HttpWriteCollection.Name)]
public sealed class WriteEndpointTests(HttpSiloFixture silo)
{
    private async Task<JsonElement> History(string user)
    {
        using var response = await silo.Anonymous.GetAsync($"/api/users/{user}/history");
        return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
    }

    private async Task<double> CountOf(string user, string artist)
    {
        var h = await History(user);
        return h.ValueKind == JsonValueKind.Undefined ? 0
            : h.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("artist").GetString() == artist).Sum(i => i.GetProperty("count").GetDouble());
    }

    private async Task<JsonElement> Accepted(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Posted_plays_are_accepted_and_change_the_users_recommendations()
    {
        var plays = new[] { "g2-a1", "g2-a2", "g2-a3" }.Select((a, i) => SeedData.Play("fresh-user", a, 20, $"fresh-{i}")).ToList();
        plays.Add(SeedData.Play("other-fresh-user", "g1-a1", 3, "x"));
        var accepted = await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", plays));
        Assert.Equal(4, accepted.GetProperty("accepted").GetInt32());
        Assert.Equal(2, accepted.GetProperty("users").GetInt32());
        await HttpSiloFixture.Until(async () => await CountOf("fresh-user", "g2-a3") == 20 && await CountOf("other-fresh-user", "g1-a1") == 3, "the plays applied");

        using var r = JsonDocument.Parse(await silo.Anonymous.GetStringAsync("/api/users/fresh-user/recommendations?n=3"));
        Assert.Equal("fold_in", r.RootElement.GetProperty("source").GetString());
        Assert.StartsWith("g2-", r.RootElement.GetProperty("items")[0].GetProperty("artist").GetString());
    }

    [Fact]
    public async Task A_retried_request_with_ids_applies_once()
    {
        var counters = silo.Services.GetRequiredService<IngestCounters>();
        var duplicatesBefore = counters.Totals.Duplicates;
        var plays = new[] { SeedData.Play("retry-user", "g1-a3", 5, "phone-1:17"), SeedData.Play("retry-user", "g1-a4", 2, "phone-1:18"), SeedData.Play("retry-user", "g1-a4", 1, "no-number") };
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", plays));
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", plays)); // the client did not see the first answer and retries
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", new[] { SeedData.Play("retry-user", "g1-a5", 1, "phone-1:19") }));
        await HttpSiloFixture.Until(async () => await CountOf("retry-user", "g1-a5") == 1, "the marker play");
        Assert.Equal(5, await CountOf("retry-user", "g1-a3"));
        Assert.Equal(3, await CountOf("retry-user", "g1-a4"));
        Assert.True(counters.Totals.Duplicates - duplicatesBefore >= 3, $"{counters.Totals.Duplicates - duplicatesBefore} duplicates counted");

        // Plays without ids are distinct events: sent twice, counted twice.
        var plain = new[] { new Dictionary<string, object> { ["user"] = "retry-user", ["artist"] = "g1-a6", ["count"] = 1 } };
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", plain));
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", plain));
        await HttpSiloFixture.Until(async () => await CountOf("retry-user", "g1-a6") == 2, "both plays without ids");
    }

    [Fact]
    public async Task Http_plays_travel_on_the_stream_musicrecs_play_publishes_to()
    {
        // What `musicrecs play` does: one PlayBatch on the user's stream of the plays provider.
        var client = silo.Services.GetRequiredService<IClusterClient>();
        var (producer, sequence) = PlayIds.FromId("cli-5");
        var stream = client.GetStreamProvider(PlayStreams.Provider).GetStream<PlayBatch>(PlayStreams.For("stream-user"));
        await stream.OnNextAsync(new PlayBatch("stream-user", [new PlayEvent("g0-a9", 4, 1_700_000_000, producer, sequence)]));
        await HttpSiloFixture.Until(async () => await CountOf("stream-user", "g0-a9") == 4, "the streamed play");

        // The same play id over HTTP is the same event on the same stream: the user grain drops it.
        await Accepted(await silo.Keyed.PostAsJsonAsync("/api/plays", new[] { SeedData.Play("stream-user", "g0-a9", 4, "cli-5"), SeedData.Play("stream-user", "g0-a8", 1, "cli-6") }));
        await HttpSiloFixture.Until(async () => await CountOf("stream-user", "g0-a8") == 1, "the new play");
        Assert.Equal(4, await CountOf("stream-user", "g0-a9"));
    }

    [Fact]
    public async Task Many_users_in_one_call_answer_in_order_and_list_the_unknown()
    {
        var body = new { users = new[] { "user-4", "nobody-at-all", "user-5" }, n = 4 };
        using var response = await silo.Anonymous.PostAsJsonAsync("/api/recommendations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(["user-4", "user-5"], results.EnumerateArray().Select(r => r.GetProperty("user").GetString()));
        Assert.All(results.EnumerateArray(), r => Assert.Equal(4, r.GetProperty("items").GetArrayLength()));
        Assert.Equal(["nobody-at-all"], doc.RootElement.GetProperty("unknown_users").EnumerateArray().Select(u => u.GetString()));
        using var single = JsonDocument.Parse(await silo.Anonymous.GetStringAsync("/api/users/user-4/recommendations?n=4"));
        Assert.Equal(single.RootElement.GetProperty("items").GetRawText(), results[0].GetProperty("items").GetRawText());
    }

    [Fact]
    public async Task Training_starts_once_and_cancels_keeping_the_published_version()
    {
        var version = await silo.ModelVersionAsync();
        var started = await Accepted(await silo.Keyed.PostAsJsonAsync("/api/training", new { iterations = 2000, factors = 8 }));
        Assert.True(started.GetProperty("running").GetBoolean());
        Assert.Equal(2000, started.GetProperty("iterations").GetInt32());
        await Problem.Expect(await silo.Keyed.PostAsync("/api/training", null), HttpStatusCode.Conflict);

        using var cancel = await silo.Keyed.DeleteAsync("/api/training");
        var text = await cancel.Content.ReadAsStringAsync();
        Assert.True(cancel.StatusCode == HttpStatusCode.OK, text);
        await HttpSiloFixture.Until(async () =>
        {
            using var m = JsonDocument.Parse(await silo.Anonymous.GetStringAsync("/api/model"));
            return !m.RootElement.GetProperty("training").GetProperty("running").GetBoolean();
        }, "the run to stop");
        Assert.Equal(version, await silo.ModelVersionAsync());
        Assert.Equal(HttpStatusCode.OK, (await silo.Anonymous.GetAsync("/api/users/user-0/recommendations")).StatusCode);
    }
}
