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

/// <summary><c>POST /api/plays</c>: plays onto the play stream, the same one <c>musicrecs play</c> publishes to.</summary>
public static class PlayEndpoints
{
    public static RouteGroupBuilder MapPlayEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/plays", Post)
            .WithTags("Plays")
            .WithName("PostPlays")
            .WithSummary("Send plays")
            .WithDescription("Body: a JSON array of { user, artist, count, played_at?, id? }. Answered 202 with the accepted count once every play is on the user's play stream; the user grains apply them asynchronously. An id (unique per user) makes a retried request apply once. Needs X-Api-Key.")
            .Accepts<List<PlayInput>>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    public static async Task<Results<Accepted<PlaysAccepted>, ProblemHttpResult>> Post(
        HttpRequest request, IClusterClient client, IOptions<JsonOptions> json, HttpSettings settings, HttpMetrics metrics, FreshnessProbe freshness)
    {
        var (plays, problem) = await JsonBody.ReadAsync<List<PlayInput>>(request, json.Value.SerializerOptions, settings.MaxRequestBytes);
        if (plays is null)
        {
            return problem!;
        }

        if (Problems.BatchSize("body", plays.Count, settings.MaxBatch, "The batch is empty: send at least one play.") is { } size)
        {
            return size;
        }

        for (var i = 0; i < plays.Count; i++)
        {
            var p = plays[i];
            problem = p is null ? Problems.BadField($"[{i}]", "A play must be an object.") : Check(p, $"[{i}]");
            if (problem is not null)
            {
                return problem;
            }
        }

        using var timing = metrics.Time("plays");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var batches = plays.GroupBy(p => p.User!.Trim(), StringComparer.Ordinal).Select(g => new PlayBatch(g.Key, [.. g.Select(p =>
        {
            var (producer, sequence) = p.Id is { } id ? PlayIds.FromId(id) : PlayIds.Next();
            return new PlayEvent(p.Artist!.Trim(), (float)(p.Count ?? 1), p.PlayedAt?.ToUnixTimeSeconds() ?? now, producer, sequence);
        })])).ToArray();

        var probe = await freshness.PrepareAsync(batches[0].User, batches[0].Plays[0].Artist, batches[0].Plays.Where(e => e.Artist == batches[0].Plays[0].Artist).Sum(e => e.Count));
        var provider = client.GetStreamProvider(PlayStreams.Provider);
        try
        {
            await Task.WhenAll(batches.Select(b => provider.GetStream<PlayBatch>(PlayStreams.For(b.User)).OnNextAsync(b)));
        }
        catch when (probe is not null)
        {
            freshness.Abandon();
            throw;
        }

        metrics.Accepted(plays.Count);
        _ = probe?.Invoke();
        return TypedResults.Accepted((string?)null, new PlaysAccepted(plays.Count, batches.Length, batches.Length));
    }

    private static ProblemHttpResult? Check(PlayInput p, string at) =>
        Query.Id(p.User, $"{at}.user")
        ?? Query.Id(p.Artist, $"{at}.artist")
        ?? (p.Count is null ? Problems.BadField($"{at}.count", "is required.") : Query.Count(p.Count, $"{at}.count"))
        ?? (p.Id is { } id && (id.Length == 0 || id.Length > PlayIds.MaxIdLength)
            ? Problems.BadField($"{at}.id", $"is {id.Length} characters long; an id has 1 to {PlayIds.MaxIdLength}.")
            : null)
        ?? (p.PlayedAt is { } t && t.ToUnixTimeSeconds() < 0 ? Problems.BadField($"{at}.played_at", "is before 1970.") : null);
}
