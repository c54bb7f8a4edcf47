using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MusicRecs.Grains.Serving;
using MusicRecs.Silo.Http.Contracts;
using Orleans.Runtime;

namespace MusicRecs.Silo.Http;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: never behind a key.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", () => TypedResults.Ok(new HealthResponse("live", false, 0, null)))
            .WithName("Live")
            .WithSummary("The process answers");
        health.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("The silo is in the cluster and a model (or its popularity fallback) can answer")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<JsonHttpResult<HealthResponse>> Ready(IClusterMembershipService membership, ILocalSiloDetails silo, PublishedModelCache models)
    {
        var inCluster = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) == SiloStatus.Active;
        if (!inCluster)
        {
            return NotReady(false, 0, "This silo has not joined the cluster (or is leaving it).");
        }

        try
        {
            var published = await models.GetAsync(UserEndpoints.ModelName).WaitAsync(ModelWait);
            return published is null
                ? NotReady(true, 0, "No model has been published yet: import plays and train one (POST /api/training).")
                : TypedResults.Json(new HealthResponse("ready", true, published.Version, null));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return NotReady(true, 0, "The training orchestrator did not answer.");
        }
    }

    private static JsonHttpResult<HealthResponse> NotReady(bool inCluster, int version, string reason) =>
        TypedResults.Json(new HealthResponse("not_ready", inCluster, version, reason), statusCode: StatusCodes.Status503ServiceUnavailable);
}
