using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Training;
using MusicRecs.Grains.Serving;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary><c>/api/model</c> (the published version and training state) and <c>/api/training</c> (start, cancel).</summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/model", Model)
            .WithTags("Model")
            .WithName("GetModel")
            .WithSummary("The published model and the training state")
            .WithDescription("Version 0 and no trained_at before the first training completes; training.progress runs from 0 to 1 over the half-sweeps.");
        return api;
    }

    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder writes)
    {
        var training = writes.MapGroup("/training").WithTags("Model");
        training.MapPost("/", Start)
            .WithName("StartTraining")
            .WithSummary("Start training a new model version")
            .WithDescription("Optional body: { iterations, factors, regularization, alpha, seed }. 409 while a run is going or when nothing is registered. Needs X-Api-Key.")
            .Accepts<TrainingRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        training.MapDelete("/", Cancel)
            .WithName("CancelTraining")
            .WithSummary("Cancel the running training")
            .WithDescription("The published version stays what it was. Needs X-Api-Key.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return writes;
    }

    public static async Task<Ok<ModelResponse>> Model(IGrainFactory grains, HttpMetrics metrics)
    {
        using var timing = metrics.Time("model");
        var orchestrator = grains.GetGrain<ITrainingOrchestratorGrain>(UserEndpoints.ModelName);
        var (published, status) = (await orchestrator.GetPublished(), await orchestrator.GetStatus());
        return TypedResults.Ok(Describe(published, status));
    }

    public static ModelResponse Describe(PublishedModel? p, TrainingStatus status) =>
        new(UserEndpoints.ModelName, p?.Version ?? 0, p?.Published, Answers.AgeSeconds(p), p?.Users ?? 0, p?.Artists ?? 0, p?.Options.Factors ?? 0,
            p is not null && status.RunId == p.RunId ? [.. status.Losses] : [], Answers.Training(status));

    public static async Task<Results<Accepted<TrainingResponse>, ProblemHttpResult>> Start(
        HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json, HttpSettings settings)
    {
        var body = new TrainingRequest();
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (read, problem) = await JsonBody.ReadAsync<TrainingRequest>(request, json.Value.SerializerOptions, settings.MaxRequestBytes);
            if (read is null)
            {
                return problem!;
            }

            body = read;
        }

        var defaults = new TrainingOptions();
        var options = defaults with
        {
            Iterations = body.Iterations ?? defaults.Iterations,
            Factors = body.Factors ?? defaults.Factors,
            Regularization = body.Regularization ?? defaults.Regularization,
            Alpha = body.Alpha ?? defaults.Alpha,
            Epsilon = body.Eps ?? defaults.Epsilon,
            Seed = body.Seed ?? defaults.Seed,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            return Problems.BadField(JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ParamName ?? "body"), e.Message);
        }

        try
        {
            var status = await grains.GetGrain<ITrainingOrchestratorGrain>(UserEndpoints.ModelName).Start(options);
            return TypedResults.Accepted("/api/model", Answers.Training(status));
        }
        catch (InvalidOperationException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    public static async Task<Ok<TrainingResponse>> Cancel(IGrainFactory grains) =>
        TypedResults.Ok(Answers.Training(await grains.GetGrain<ITrainingOrchestratorGrain>(UserEndpoints.ModelName).Cancel()));
}
