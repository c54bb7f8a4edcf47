using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary><c>/api/recommendations</c>: many users in one call, and anonymous baskets.</summary>
public static class RecommendationEndpoints
{
    public static RouteGroupBuilder MapRecommendationEndpoints(this RouteGroupBuilder api)
    {
        var recommendations = api.MapGroup("/recommendations").WithTags("Recommendations");
        recommendations.MapPost("/", Many)
            .WithName("RecommendMany")
            .WithSummary("Recommendations for many users in one call")
            .WithDescription("Body: { users: [..], n, include_played, exclude: [..], only: [..] }. Unknown users are listed in unknown_users.")
            .Accepts<ManyRecommendationsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        recommendations.MapPost("/anonymous", Anonymous)
            .WithName("RecommendAnonymous")
            .WithSummary("Recommendations for a basket of artists, folded in on the fly")
            .WithDescription("Body: { basket: [{ artist, count }], n, include_played }. The basket is folded in against the published artist factors; nothing is stored. Artists the model does not know are listed in unknown_artists.")
            .Accepts<AnonymousRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    public static async Task<Results<Ok<ManyRecommendationsResponse>, ProblemHttpResult>> Many(
        HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json, HttpSettings settings, HttpMetrics metrics)
    {
        var (body, problem) = await JsonBody.ReadAsync<ManyRecommendationsRequest>(request, json.Value.SerializerOptions, settings.MaxRequestBytes);
        if (body is null)
        {
            return problem!;
        }

        var users = body.Users ?? [];
        problem = Problems.BatchSize("users", users.Count, settings.MaxBatch, "must hold at least one user id.")
            ?? Query.Range(body.N ?? 10, "n", 1, Query.MaxN)
            ?? users.Select((u, i) => Query.Id(u, $"users[{i}]")).FirstOrDefault(p => p is not null)
            ?? (body.Exclude ?? []).Concat(body.Only ?? []).Select(a => Query.Id(a, "exclude/only")).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("recommendations_many");
        var options = new RecommendRequest
        {
            Count = body.N ?? 10,
            IncludePlayed = body.IncludePlayed ?? false,
            Exclude = [.. body.Exclude ?? []],
            RestrictTo = [.. body.Only ?? []],
        };
        var distinct = users.Distinct(StringComparer.Ordinal).ToArray();
        var answers = await Task.WhenAll(distinct.Select(async u =>
        {
            var grain = grains.GetGrain<IUserGrain>(u);
            var answer = await grain.RecommendWith(options);
            var known = answer.Source != RecommendationSource.Popularity || (await grain.GetHistory()).Index >= 0;
            return (User: u, Answer: answer, Known: known);
        }));
        return TypedResults.Ok(new ManyRecommendationsResponse(
            [.. answers.Where(a => a.Known).Select(a => Answers.Recommendations(a.Answer))],
            [.. answers.Where(a => !a.Known).Select(a => a.User)]));
    }

    public static async Task<Results<Ok<AnonymousResponse>, ProblemHttpResult>> Anonymous(
        HttpRequest request, AnonymousRecommender recommender, IOptions<JsonOptions> json, HttpSettings settings, HttpMetrics metrics)
    {
        var (body, problem) = await JsonBody.ReadAsync<AnonymousRequest>(request, json.Value.SerializerOptions, settings.MaxRequestBytes);
        if (body is null)
        {
            return problem!;
        }

        var basket = body.Basket ?? [];
        problem = Problems.BatchSize("basket", basket.Count, settings.MaxBatch, "must hold at least one artist.")
            ?? Query.Range(body.N ?? 10, "n", 1, Query.MaxN)
            ?? basket.Select((b, i) => Query.Id(b.Artist, $"basket[{i}].artist") ?? Query.Count(b.Count, $"basket[{i}].count")).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("recommendations_anonymous");
        var answer = await recommender.RecommendAsync([.. basket.Select(b => (b.Artist!.Trim(), (float)(b.Count ?? 1)))], body.N ?? 10, body.IncludePlayed ?? false);
        return TypedResults.Ok(answer);
    }
}
