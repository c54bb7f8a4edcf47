using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;

namespace MusicRecs.Silo.Http;

/// <summary>
/// The HTTP side of the silo, in the same generic host: the API under <c>/api</c>, health under <c>/health</c>,
/// the web page and API reference as static files, the OpenAPI document, the Orleans dashboard and metrics.
/// </summary>
public static class HttpHosting
{
    public const string WritesPolicy = "writes";

    /// <summary>Registers the HTTP services (or, with HTTP disabled, a server that listens nowhere).</summary>
    public static WebApplicationBuilder AddMusicRecsHttp(this WebApplicationBuilder builder, SiloSettings settings)
    {
        var http = settings.Http;
        if (!http.Enabled)
        {
            builder.Services.AddSingleton<IServer, NoListenerServer>();
            return builder;
        }

        builder.WebHost.UseUrls([.. HttpSettingsValidator.Urls(http)]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = http.MaxRequestBytes;
        });
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = http.InlineScheduling);
        builder.Services.AddSingleton(http);
        builder.Services.AddSingleton(new ApiKeys(http));
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.AddSingleton<AnonymousRecommender>();
        builder.Services.AddSingleton<FreshnessProbe>();
        builder.Services.AddHostedService<ModelWatch>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext, c.ProblemDetails.Status));
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.Make(StatusCodes.Status429TooManyRequests, "Too many requests", "rate-limited",
                    $"Writes are limited to {http.WritesPerSecond} per second per client; retry after a second.").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(WritesPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * http.WritesPerSecond,
                    TokensPerPeriod = http.WritesPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        builder.UseOrleans(silo => silo.AddDashboard().AddActivityPropagation());
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("Microsoft.Orleans", HttpMetrics.MeterName).AddPrometheusExporter());
        return builder;
    }

    /// <summary>What to say when the framework itself answers (no route, wrong method or media type, an unhandled failure).</summary>
    private static string DefaultDetail(HttpContext context, int? status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is served at {Problems.Shorten(context.Request.Path.ToString())}; see /api-reference.html.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {Problems.Shorten(context.Request.Path.ToString())}.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
        StatusCodes.Status400BadRequest => "The request could not be read.",
        _ => "The request failed inside the silo; its log has the details.",
    };

    /// <summary>Maps the endpoints and middleware; logs where the silo listens and whether writes are possible.</summary>
    public static WebApplication UseMusicRecsHttp(this WebApplication app, SiloSettings settings)
    {
        if (!settings.Http.Enabled)
        {
            return app;
        }

        var keys = app.Services.GetRequiredService<ApiKeys>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) => DashboardKey.InvokeAsync(context, keys, next));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();

        app.MapOpenApi().WithTags("Documents");
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").AddEndpointFilter<ClusterErrorFilter>();
        // Reads carry the key filter only when they need a key: an open read skips the filter pipeline.
        var reads = keys.RequireForReads ? api.MapGroup("").AddEndpointFilter(new ApiKeyFilter(keys, write: false)) : api.MapGroup("");
        reads.MapUserEndpoints().MapRecommendationEndpoints().MapArtistEndpoints().MapModelEndpoints().MapStatsEndpoints();
        var writes = api.MapGroup("").AddEndpointFilter(new ApiKeyFilter(keys, write: true)).RequireRateLimiting(WritesPolicy);
        writes.MapPlayEndpoints().MapTrainingEndpoints();
        app.MapOrleansDashboard(routePrefix: DashboardKey.Prefix);
        app.MapPrometheusScrapingEndpoint();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MusicRecs.Silo.Http");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            logger.LogInformation("HTTP API listening on {Urls} (web page /, API reference /api-reference.html, OpenAPI /openapi/v1.json, dashboard /dashboard, metrics /metrics)", string.Join(", ", addresses));
            if (keys.Configured)
            {
                logger.LogInformation("HTTP writes need {Header}: {Count} key(s) configured; reads {Reads}", ApiKeys.Header, keys.Count, keys.RequireForReads ? "need a key too" : "are open");
            }
            else
            {
                logger.LogWarning("No API key configured (MusicRecs:Http:ApiKeys or {Variable}): the HTTP API refuses writes (plays, training) and the dashboard", HttpSettings.KeyVariable);
            }
        });
        return app;
    }
}
