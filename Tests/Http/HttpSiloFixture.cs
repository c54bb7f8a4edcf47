using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.Grains.Ingest;
using MusicRecs.Silo;
using MusicRecs.Silo.Http;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Http;

/// <summary>
/// One silo in this process with its HTTP API on a free loopback port (real Kestrel), seeded over the API
/// with <see cref="SeedData"/> and trained once: the shared subject of the HTTP tests.
/// </summary>
public sealed class HttpSiloFixture : IAsyncLifetime
{
    public const string Key = "test-key-0123456789abcdef";
    public const int WritesPerSecond = 20;

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A client without a key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client that sends <see cref="Key"/>.</summary>
    public HttpClient Keyed { get; private set; } = null!;

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MusicRecs:Clustering:SiloPort"] = $"{ports[0]}",
            ["MusicRecs:Clustering:PrimarySiloPort"] = $"{ports[0]}",
            ["MusicRecs:Clustering:GatewayPort"] = $"{ports[1]}",
            ["MusicRecs:Clustering:ClusterId"] = $"http-{ports[0]}",
            ["MusicRecs:Http:Urls"] = "http://127.0.0.1:0",
            ["MusicRecs:Http:ApiKeys"] = Key,
            ["MusicRecs:Http:WritesPerSecond"] = $"{WritesPerSecond}",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = SettingsValidator.Load(builder.Configuration);
        builder.UseOrleans(silo => silo.ConfigureMusicRecs(settings));
        builder.AddMusicRecsHttp(settings);
        _app = builder.Build();
        _app.UseMusicRecsHttp(settings);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Keyed = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Keyed.DefaultRequestHeaders.Add(ApiKeys.Header, Key);

        var plays = SeedData.Plays();
        var posted = await Keyed.PostAsJsonAsync("/api/plays", plays, Json);
        posted.EnsureSuccessStatusCode();
        await WaitForAppliedAsync(plays.Count);
        await Services.GetRequiredService<ListenerBuffer>().FlushAsync();
        await TrainAsync();
    }

    /// <summary>Waits until this silo's user grains have applied at least <paramref name="plays"/> plays in all.</summary>
    public async Task WaitForAppliedAsync(long plays)
    {
        var counters = Services.GetRequiredService<IngestCounters>();
        await Until(() => counters.Totals.Plays >= plays, $"{plays} plays applied (have {counters.Totals.Plays})");
    }

    /// <summary>
    /// Waits until the freshness probe has measured a play. The probe samples real traffic, and the seeding play it
    /// followed may have outlasted its give-up time on a loaded host: then this sends probe plays of its own (to a
    /// seed artist, one listener more for it), at most one per probe interval.
    /// </summary>
    public async Task EnsureFreshnessMeasuredAsync()
    {
        var probe = Services.GetRequiredService<FreshnessProbe>();
        var sent = 0;
        var last = System.Diagnostics.Stopwatch.StartNew();
        await Until(async () =>
        {
            if (probe.LastMilliseconds is not null)
            {
                return true;
            }

            if (sent == 0 || last.Elapsed > FreshnessProbe.Every * 1.5)
            {
                var play = SeedData.Play("probe-user", SeedData.Artist(0, 0), 1, $"probe-{Guid.NewGuid():N}");
                (await Keyed.PostAsJsonAsync("/api/plays", new[] { play }, Json)).EnsureSuccessStatusCode();
                sent++;
                last.Restart();
            }

            return false;
        }, "a play-to-fresh measurement", seconds: 60);
    }

    /// <summary>Trains a small model and waits until it is published; returns its version.</summary>
    public async Task<int> TrainAsync()
    {
        var before = await ModelVersionAsync();
        // The model these tests read is pinned: the built-in defaults are tuned for Last.fm-sized data, not this small set.
        var started = await Keyed.PostAsJsonAsync("/api/training", new { iterations = 6, factors = 8, regularization = 0.5, alpha = 2.8, eps = 10 }, Json);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var version = before;
        await Until(async () => (version = await ModelVersionAsync()) > before, "a new model version");

        // Published is not yet served: the silo's model cache may answer from the previous version for up to its age.
        await Until(async () =>
        {
            using var served = JsonDocument.Parse(await Anonymous.GetStringAsync($"/api/artists/{SeedData.Artist(0, 0)}/similar?n=1"));
            return served.RootElement.GetProperty("model_version").GetInt32() >= version;
        }, $"version {version} served");
        return version;
    }

    public async Task<int> ModelVersionAsync()
    {
        using var model = JsonDocument.Parse(await Anonymous.GetStringAsync("/api/model"));
        return model.RootElement.GetProperty("version").GetInt32();
    }

    public static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    public static Task Until(Func<Task<bool>> condition, string what, double seconds = 30) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(seconds), what);

    public async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        Keyed?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
