using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;

namespace MusicRecs.Tests.Http;

/// <summary>An anonymous basket is folded in exactly as a user step against the published artist factors.</summary>
[Collection(HttpCollection.Name)]
public sealed class AnonymousTests(HttpSiloFixture silo)
{
    [Fact]
    public async Task The_anonymous_recommendation_equals_the_fold_in_of_the_same_basket()
    {
        var basket = new[] { ("g1-a2", 10.0), ("g1-a3", 4.0), ("g1-a2", 2.0), ("not-an-artist", 3.0) };
        var body = new { basket = basket.Select(b => new { artist = b.Item1, count = b.Item2 }), n = 6 };
        using var response = await silo.Anonymous.PostAsJsonAsync("/api/recommendations/anonymous", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal("fold_in", root.GetProperty("source").GetString());
        Assert.Equal(["not-an-artist"], root.GetProperty("unknown_artists").EnumerateArray().Select(a => a.GetString()));
        var items = root.GetProperty("items").EnumerateArray().Select(i => (Artist: i.GetProperty("artist").GetString()!, Score: i.GetProperty("score").GetSingle())).ToArray();

        // The same basket folded in here, from the published model and its artist factors, scored naively.
        var published = (await silo.Services.GetRequiredService<PublishedModelCache>().GetAsync("default"))!;
        Assert.Equal(published.Version, root.GetProperty("model_version").GetInt32());
        var directory = silo.Services.GetRequiredService<ArtistDirectory>();
        var names = await directory.GetAsync(published.Artists);
        var o = published.Options.ToAls();
        var artists = await silo.Services.GetRequiredService<SnapshotCache>().GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        Assert.True(directory.TryGetIndex("g1-a2", out var a2));
        Assert.True(directory.TryGetIndex("g1-a3", out var a3));
        var cells = new SortedDictionary<int, float> { [a2] = 12f, [a3] = 4f };
        var excess = cells.Values.Select(c => Confidence.Excess(c, o.Scheme, o.Alpha, o.Epsilon)).ToArray();
        var x = FoldIn.Solve(artists.Factors, artists.Gramian, cells.Keys.ToArray(), excess);
        var expected = Enumerable.Range(0, published.Artists)
            .Where(i => !cells.ContainsKey(i))
            .Select(i => (Artist: names[i].Id, Score: Dot(artists.Factors.Row(i), x)))
            .OrderByDescending(s => s.Score).Take(6).ToArray();

        Assert.Equal(expected.Select(e => e.Artist), items.Select(i => i.Artist));
        for (var t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t].Score, items[t].Score, 1e-4f);
        }
    }

    [Fact]
    public async Task A_basket_of_unknown_artists_gets_the_popular_artists()
    {
        var body = new { basket = new[] { new { artist = "nobody-knows", count = 1 } }, n = 3 };
        using var doc = JsonDocument.Parse(await (await silo.Anonymous.PostAsJsonAsync("/api/recommendations/anonymous", body)).Content.ReadAsStringAsync());
        Assert.Equal("popularity", doc.RootElement.GetProperty("source").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("items").GetArrayLength());
    }

    private static float Dot(ReadOnlySpan<float> a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return (float)sum;
    }
}
