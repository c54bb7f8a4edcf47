using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MusicRecs.GrainInterfaces;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary><c>/api/stats</c>: the live panel's feed (counters to difference into rates, the model, training).</summary>
public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", Stats)
            .WithTags("Model")
            .WithName("GetStats")
            .WithSummary("Cluster-wide ingest totals, the published model and training progress")
            .WithDescription("Totals count from each silo's start and are reported about once a second; difference two answers for rates.");
        return api;
    }

    public static async Task<Ok<StatsResponse>> Stats(IGrainFactory grains, HttpMetrics metrics, AnonymousRecommender anonymous, FreshnessProbe freshness)
    {
        var orchestrator = grains.GetGrain<ITrainingOrchestratorGrain>(UserEndpoints.ModelName);
        var totals = grains.GetGrain<IIngestStatsGrain>("default").GetTotals();
        var status = orchestrator.GetStatus();
        var published = orchestrator.GetPublished();
        var model = ModelEndpoints.Describe(await published, await status);
        var t = await totals;
        return TypedResults.Ok(new StatsResponse(DateTimeOffset.UtcNow, t.Plays, t.Events, t.FoldIns, t.Duplicates, t.Rejected,
            anonymous.FoldIns, freshness.LastMilliseconds, model.Version, model.AgeSeconds, model.Training));
    }
}
