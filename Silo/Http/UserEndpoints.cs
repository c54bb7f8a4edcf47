using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MusicRecs.GrainInterfaces;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary><c>/api/users</c>: a user's recommendations, explanations and history.</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/{user}/recommendations", Recommend)
            .WithName("GetRecommendations")
            .WithSummary("Top artists for a user")
            .WithDescription("Scores every artist against the user's factor (a fold-in when the user played since the model was trained; the most-listened artists when the user has no factor). Played artists are left out unless include_played is true; exclude and only take comma-separated artist ids.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet("/{user}/explanations/{artist}", Explain)
            .WithName("GetExplanation")
            .WithSummary("Why an artist is recommended to a user")
            .WithDescription("The played artists that contribute most to the artist's score for the user (HKV section 5); n caps how many.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/{user}/history", History)
            .WithName("GetHistory")
            .WithSummary("A user's plays by artist")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult>> Recommend(
        string user, IGrainFactory grains, HttpMetrics metrics,
        string? n = null, string? offset = null, string? exclude = null, string? only = null,
        [FromQuery(Name = "include_played")] string? includePlayed = null)
    {
        var problem = Query.First(Query.Id(user, "user"), Query.Int(n, "n", 10, 1, Query.MaxN, out var count), Query.Int(offset, "offset", 0, 0, 10_000, out var skip),
            Query.Ids(exclude, "exclude", out var excluded), Query.Ids(only, "only", out var restrict), Query.Bool(includePlayed, "include_played", out var played));
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("recommendations");
        var request = new RecommendRequest { Count = count + skip, IncludePlayed = played, Exclude = excluded, RestrictTo = restrict };
        var grain = grains.GetGrain<IUserGrain>(user);
        var answer = await grain.RecommendWith(request);
        if (answer.Source == RecommendationSource.Popularity && (await grain.GetHistory()).Index < 0)
        {
            return Problems.NotFound("user", user);
        }

        return TypedResults.Ok(Answers.Recommendations(answer, skip));
    }

    public static async Task<Results<Ok<ExplanationResponse>, ProblemHttpResult>> Explain(
        string user, string artist, IGrainFactory grains, HttpMetrics metrics, string? n = null)
    {
        var problem = Query.First(Query.Id(user, "user"), Query.Id(artist, "artist"), Query.Int(n, "n", 5, 1, Query.MaxN, out var count));
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("explanations");
        var grain = grains.GetGrain<IUserGrain>(user);
        if ((await grain.GetHistory()).Index < 0)
        {
            return Problems.NotFound("user", user);
        }

        var index = (await grains.GetGrain<ICatalogGrain>(CatalogKind.Artists).Lookup([artist]))[0];
        if (index < 0)
        {
            return Problems.NotFound("artist", artist);
        }

        var published = await grains.GetGrain<ITrainingOrchestratorGrain>(ModelName).GetPublished();
        if (published is null)
        {
            return Problems.Conflict("No model has been published yet: train one first (POST /api/training).");
        }

        if (index >= published.Artists)
        {
            return Problems.Conflict($"Artist '{Problems.Shorten(artist)}' is newer than model version {published.Version}: it can be explained once a model that includes it is trained.");
        }

        var e = await grain.Explain(index, count);
        var name = (await grains.GetGrain<IArtistGrain>(artist).GetInfo()).Name;
        return TypedResults.Ok(new ExplanationResponse(e.User, e.Artist, name, e.ModelVersion, e.Score,
            [.. e.Contributions.Select(c => new ContributionItem(c.Artist, c.Name, c.Amount, c.Share))]));
    }

    public static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> History(
        string user, IGrainFactory grains, HttpMetrics metrics, string? n = null)
    {
        var problem = Query.First(Query.Id(user, "user"), Query.Int(n, "n", 100, 1, 10_000, out var count));
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("history");
        var history = await grains.GetGrain<IUserGrain>(user).GetHistory();
        if (history.Index < 0)
        {
            return Problems.NotFound("user", user);
        }

        var top = history.Plays.OrderByDescending(p => p.Count).ThenBy(p => p.Artist).Take(count).ToArray();
        var names = await ArtistNames(grains, top.Select(p => p.Artist));
        var items = top.Select(p => new HistoryItem(names[p.Artist].Id, names[p.Artist].Name ?? names[p.Artist].Id, p.Count,
            p.LastPlayed > 0 ? DateTimeOffset.FromUnixTimeSeconds(p.LastPlayed) : null));
        return TypedResults.Ok(new HistoryResponse(history.User, history.Plays.Length, [.. items]));
    }

    /// <summary>The model that queries serve.</summary>
    public const string ModelName = "default";

    /// <summary>Catalog entries of artist indexes, one catalog call per contiguous range.</summary>
    private static async Task<Dictionary<int, CatalogEntry>> ArtistNames(IGrainFactory grains, IEnumerable<int> indexes)
    {
        var wanted = indexes.Distinct().Order().ToArray();
        var catalog = grains.GetGrain<ICatalogGrain>(CatalogKind.Artists);
        var found = new Dictionary<int, CatalogEntry>();
        var ranges = new List<(int Start, int Count)>();
        foreach (var i in wanted)
        {
            if (ranges.Count > 0 && i - (ranges[^1].Start + ranges[^1].Count) < 64)
            {
                ranges[^1] = (ranges[^1].Start, i - ranges[^1].Start + 1);
            }
            else
            {
                ranges.Add((i, 1));
            }
        }

        foreach (var (start, entries) in ranges.Zip(await Task.WhenAll(ranges.Select(r => catalog.GetRange(r.Start, r.Count)))))
        {
            for (var t = 0; t < entries.Length; t++)
            {
                found[start.Start + t] = entries[t];
            }
        }

        foreach (var i in wanted.Where(i => !found.ContainsKey(i)))
        {
            found[i] = new CatalogEntry($"#{i}");
        }

        return found;
    }
}
