using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MusicRecs.Tests.Http;

/// <summary>The web page in real Chromium: each flow clicked through, what the page shows asserted, a screenshot per state.</summary>
[Collection(HttpWriteCollection.Name)]
public sealed partial class BrowserTests(HttpSiloFixture silo, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToHaveCountOptions Wait = new() { Timeout = 15_000 };

    private async Task<IPage> OpenAsync(bool withKey)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1100 } });
        var page = await context.NewPageAsync();
        var external = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(silo.BaseAddress.ToString(), StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                external.Add(r.Url);
            }
        };
        await page.GotoAsync(silo.BaseAddress + (withKey ? $"#key={HttpSiloFixture.Key}" : ""));
        await Assertions.Expect(page.Locator("#live-model-version")).ToHaveTextAsync(VersionPattern(), new() { Timeout = 15_000 });
        Assert.Empty(external); // nothing is fetched from the internet
        return page;
    }

    private Task Shot(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.Screenshots, name + ".png"), FullPage = true });

    [Fact]
    public async Task Looking_up_a_user_shows_recommendations_with_reasons_and_the_history()
    {
        var page = await OpenAsync(withKey: false);
        await page.FillAsync("#user-input", "user-0");
        await page.ClickAsync("#user-go");
        var recs = page.Locator("#recs li.rec");
        await Assertions.Expect(recs).ToHaveCountAsync(10, Wait);
        await Assertions.Expect(recs.First.Locator(".because")).ToContainTextAsync("because you played");
        await Assertions.Expect(page.Locator("#recs-meta")).ToContainTextAsync("model v");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(7, Wait);
        await Assertions.Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("g0-a0");
        await Shot(page, "1-user");

        await page.FillAsync("#user-input", "nobody-here");
        await page.ClickAsync("#user-go");
        await Assertions.Expect(page.Locator("#user-status")).ToContainTextAsync("No user 'nobody-here'");
        await Assertions.Expect(recs).ToHaveCountAsync(0, Wait);
        await Shot(page, "2-unknown-user");
    }

    [Fact]
    public async Task Looking_up_an_artist_shows_similar_artists()
    {
        var page = await OpenAsync(withKey: false);
        await page.FillAsync("#artist-input", "g2-a4");
        await page.ClickAsync("#artist-go");
        var similar = page.Locator("#similar li.similar");
        await Assertions.Expect(similar).ToHaveCountAsync(10, Wait);
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("g2-", await similar.Nth(i).GetAttributeAsync("data-artist"));
        }

        await Assertions.Expect(page.Locator("#artist-status")).ToContainTextAsync("artists like g2-a4");
        await Shot(page, "3-artist");
    }

    [Fact]
    public async Task Sending_a_play_changes_the_users_recommendations()
    {
        var page = await OpenAsync(withKey: true);
        await Send(page, "browser-user", "g1-a2", 20);
        var recs = page.Locator("#recs li.rec");
        await Assertions.Expect(recs).ToHaveCountAsync(10, Wait);
        await Assertions.Expect(page.Locator("#recs-meta")).ToContainTextAsync("fold-in");
        await Assertions.Expect(recs.First).ToHaveAttributeAsync("data-artist", new Regex("^g1-"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#fresh-latency")).ToHaveTextAsync(new Regex(@"^\d+ ms$"));
        await Shot(page, "4-play-sent");

        await Send(page, "browser-user", "g2-a5", 200);
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2, Wait);
        // The history and the recommendations are fetched apart: wait for the recommendations to show the fold-in too.
        await Assertions.Expect(recs.First).ToHaveAttributeAsync("data-artist", new Regex("^g2-"), new() { Timeout = 15_000 });
        Assert.True(await page.Locator("#recs li.changed").CountAsync() > 0, "no recommendation is marked as changed");
        await Shot(page, "5-recommendations-changed");
    }

    [Fact]
    public async Task A_play_without_a_key_is_refused_on_the_page()
    {
        var page = await OpenAsync(withKey: false);
        await page.FillAsync("#play-user", "keyless-user");
        await page.FillAsync("#play-artist", "g0-a1");
        await page.ClickAsync("#play-send");
        await Assertions.Expect(page.Locator("#play-status")).ToContainTextAsync("needs an API key", new() { Timeout = 15_000 });
        await Shot(page, "6-play-without-key");
    }

    [Fact]
    public async Task The_live_panel_shows_rates_the_model_and_training_progress()
    {
        var page = await OpenAsync(withKey: true);
        var version = await silo.ModelVersionAsync();
        await Assertions.Expect(page.Locator("#live-plays-rate")).ToHaveTextAsync(new Regex(@"^\d+\.\d$"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#live-foldins-rate")).ToHaveTextAsync(new Regex(@"^\d+\.\d$"));
        await Assertions.Expect(page.Locator("#live-model-age")).ToContainTextAsync("old");
        await Assertions.Expect(page.Locator("#chart-plays polyline")).ToHaveCountAsync(1, Wait);

        await page.ClickAsync("#train-start");
        await Assertions.Expect(page.Locator("#train-status")).ToContainTextAsync("started", new() { Timeout = 15_000 });
        await Shot(page, "7-training");
        await Assertions.Expect(page.Locator("#live-model-version")).ToHaveTextAsync($"v{version + 1}", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#train-phase")).ToHaveTextAsync("training: completed");
        Assert.Equal("1", await page.Locator("#train-progress").EvaluateAsync<string>("e => String(e.value)"));
        await Shot(page, "8-live-after-training");

        // The page trained with the built-in defaults; the other tests of this collection read the pinned small model.
        await silo.TrainAsync();
    }

    [Fact]
    public async Task The_api_reference_page_lists_every_operation()
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(silo.BaseAddress + "api-reference.html");
        var operations = page.Locator(".operation");
        await Assertions.Expect(operations.Filter(new() { HasText = "/api/users/{user}/recommendations" })).ToHaveCountAsync(1, Wait);
        Assert.True(await operations.CountAsync() >= 14, $"{await operations.CountAsync()} operations shown");
        await Assertions.Expect(operations.Filter(new() { HasText = "/api/plays" })).ToContainTextAsync("Send plays");
        await Shot(page, "9-api-reference");
    }

    private static async Task Send(IPage page, string user, string artist, int count)
    {
        await page.FillAsync("#play-user", user);
        await page.FillAsync("#play-artist", artist);
        await page.FillAsync("#play-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#play-send");
        await Assertions.Expect(page.Locator("#play-status")).ToContainTextAsync("applied and folded in", new() { Timeout = 15_000 });
    }

    [GeneratedRegex(@"^v\d+$")]
    private static partial Regex VersionPattern();
}
