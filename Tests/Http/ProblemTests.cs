using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace MusicRecs.Tests.Http;

/// <summary>Every class of bad input answers problem+json: 400 naming the field, 404, 401, 403, 413, 429.</summary>
[Collection(HttpCollection.Name)]
public sealed class ProblemTests(HttpSiloFixture silo)
{
    private Task<HttpResponseMessage> PostJson(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("/api/users/user-0/recommendations?n=0", "n")]
    [InlineData("/api/users/user-0/recommendations?n=501", "n")]
    [InlineData("/api/users/user-0/recommendations?n=ten", "n")]
    [InlineData("/api/users/user-0/recommendations?offset=-1", "offset")]
    [InlineData("/api/users/user-0/recommendations?include_played=maybe", "include_played")]
    [InlineData("/api/users/user-0/explanations/g0-a7?n=0", "n")]
    [InlineData("/api/artists/g0-a1/similar?n=100000", "n")]
    [InlineData("/api/artists/popular?n=-3", "n")]
    public async Task Bad_query_values_are_400_naming_the_field(string path, string field) =>
        await Problem.Expect(await silo.Anonymous.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_non_json_bodies_are_problems_too()
    {
        var missing = await silo.Anonymous.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var method = await silo.Anonymous.PutAsync("/api/model", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal("application/problem+json", method.Content.Headers.ContentType?.MediaType);
        var text = await silo.Keyed.PostAsync("/api/plays", new StringContent("user,artist,count", Encoding.UTF8, "text/csv"));
        await Problem.Expect(text, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_overlong_user_id_is_400() =>
        await Problem.Expect(await silo.Anonymous.GetAsync($"/api/users/{new string('u', 300)}/history"), HttpStatusCode.BadRequest, "user");

    [Theory]
    [InlineData("""[{"user":"u","artist":"a","count":0}]""", "[0].count")]
    [InlineData("""[{"user":"u","artist":"a","count":-2}]""", "[0].count")]
    [InlineData("""[{"user":"u","artist":"a"}]""", "[0].count")]
    [InlineData("""[{"user":"u","artist":"a","count":1},{"user":"","artist":"a","count":1}]""", "[1].user")]
    [InlineData("""[{"user":"u","count":1}]""", "[0].artist")]
    [InlineData("""[{"user":"u","artist":"a","count":"many"}]""", "[0].count")]
    [InlineData("""[{"user":"u","artist":"a","count":1,"played_at":"yesterday"}]""", "[0].played_at")]
    [InlineData("""[]""", "body")]
    [InlineData("""{"user":"u"}""", "body")]
    [InlineData("""[{"user":"u","artist":"a","count":1""", "[0].count")]
    public async Task Bad_plays_are_400_naming_the_field(string body, string field) =>
        await Problem.Expect(await PostJson(silo.Keyed, "/api/plays", body), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task A_play_id_over_128_characters_is_400()
    {
        var body = $$"""[{"user":"u","artist":"a","count":1,"id":"{{new string('x', 129)}}"}]""";
        await Problem.Expect(await PostJson(silo.Keyed, "/api/plays", body), HttpStatusCode.BadRequest, "[0].id");
    }

    [Theory]
    [InlineData("/api/recommendations", """{"users":[]}""", "users")]
    [InlineData("/api/recommendations", """{"users":["user-0"],"n":0}""", "n")]
    [InlineData("/api/recommendations/anonymous", """{"basket":[]}""", "basket")]
    [InlineData("/api/recommendations/anonymous", """{"basket":[{"artist":"g0-a1","count":"NaN"}]}""", "basket[0].count")]
    [InlineData("/api/recommendations/anonymous", """{"basket":[{"count":2}]}""", "basket[0].artist")]
    public async Task Bad_recommendation_bodies_are_400_naming_the_field(string path, string body, string field) =>
        await Problem.Expect(await PostJson(silo.Anonymous, path, body), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Training_options_out_of_range_are_400_naming_the_option() =>
        await Problem.Expect(await PostJson(silo.Keyed, "/api/training", """{"factors":0}"""), HttpStatusCode.BadRequest, "factors");

    [Theory]
    [InlineData("/api/users/nobody/recommendations", "user")]
    [InlineData("/api/users/nobody/history", "user")]
    [InlineData("/api/users/nobody/explanations/g0-a1", "user")]
    [InlineData("/api/users/user-0/explanations/no-such-artist", "artist")]
    [InlineData("/api/artists/no-such-artist/similar", "artist")]
    public async Task Unknown_users_and_artists_are_404(string path, string what)
    {
        var problem = await Problem.Expect(await silo.Anonymous.GetAsync(path), HttpStatusCode.NotFound);
        Assert.Contains(what, problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Writes_without_a_key_are_401_and_with_a_wrong_key_403()
    {
        const string play = """[{"user":"keyless","artist":"a","count":1}]""";
        await Problem.Expect(await PostJson(silo.Anonymous, "/api/plays", play), HttpStatusCode.Unauthorized);
        await Problem.Expect(await silo.Anonymous.PostAsync("/api/training", null), HttpStatusCode.Unauthorized);
        await Problem.Expect(await silo.Anonymous.DeleteAsync("/api/training"), HttpStatusCode.Unauthorized);
        using var wrong = new HttpClient { BaseAddress = silo.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key-0123456789");
        var forbidden = await Problem.Expect(await PostJson(wrong, "/api/plays", play), HttpStatusCode.Forbidden);
        Assert.DoesNotContain("not-the-key", forbidden.GetRawText());
        await Problem.Expect(await wrong.DeleteAsync("/api/training"), HttpStatusCode.Forbidden);
        // Reads need no key on this silo; the dashboard does.
        Assert.Equal(HttpStatusCode.OK, (await silo.Anonymous.GetAsync("/api/model")).StatusCode);
        await Problem.Expect(await silo.Anonymous.GetAsync("/dashboard/"), HttpStatusCode.Unauthorized);
        await Problem.Expect(await wrong.GetAsync("/dashboard/"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await silo.Keyed.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_batch_is_413()
    {
        var plays = Enumerable.Range(0, 1001).Select(i => SeedData.Play("big", "a", 1, $"big-{i}"));
        await Problem.Expect(await silo.Keyed.PostAsJsonAsync("/api/plays", plays), HttpStatusCode.RequestEntityTooLarge);
        var users = new { users = Enumerable.Range(0, 1001).Select(i => $"u{i}") };
        await Problem.Expect(await silo.Anonymous.PostAsJsonAsync("/api/recommendations", users), HttpStatusCode.RequestEntityTooLarge);
        var huge = "[" + string.Join(",", Enumerable.Repeat("""{"user":"huge","artist":"a","count":1,"id":"padding-padding-padding-padding"}""", 20_000)) + "]";
        // Expect: 100-continue, as a careful client sends it: the silo refuses by Content-Length before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plays") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        await Problem.Expect(await silo.Keyed.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Writes_past_the_rate_limit_are_429_and_recover()
    {
        // Writes are limited per client address: this test writes from 127.0.0.2, so it drains a bucket of its
        // own and the other write tests (from 127.0.0.1) never meet the limit it provokes.
        using var other = FromAddress(IPAddress.Parse("127.0.0.2"));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4 * HttpSiloFixture.WritesPerSecond).Select(_ =>
            other.DeleteAsync("/api/training")));
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await Problem.Expect(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await silo.Anonymous.DeleteAsync("/api/training")).StatusCode);
        await HttpSiloFixture.Until(async () => (await other.DeleteAsync("/api/training")).StatusCode != HttpStatusCode.TooManyRequests, "the bucket to refill");
    }

    /// <summary>A client of the silo whose connections leave from <paramref name="local"/> (any 127.x address reaches the loopback listener).</summary>
    private HttpClient FromAddress(IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
