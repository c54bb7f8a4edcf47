using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Serving;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary><c>/api/artists</c>: similar artists and the most-listened ones.</summary>
public static class ArtistEndpoints
{
    public static RouteGroupBuilder MapArtistEndpoints(this RouteGroupBuilder api)
    {
        var artists = api.MapGroup("/artists").WithTags("Artists");
        artists.MapGet("/{artist}/similar", Similar)
            .WithName("GetSimilarArtists")
            .WithSummary("Artists closest to an artist")
            .WithDescription("Cosine of the artists' factors in the published model; empty before the first model or for an artist newer than it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        artists.MapGet("/popular", Popular)
            .WithName("GetPopularArtists")
            .WithSummary("The most-listened artists")
            .WithDescription("By distinct listeners, as the published model recorded them: what a user without a factor is recommended.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Results<Ok<SimilarResponse>, ProblemHttpResult>> Similar(string artist, IGrainFactory grains, HttpMetrics metrics, string? n = null)
    {
        var problem = Query.First(Query.Id(artist, "artist"), Query.Int(n, "n", 10, 1, Query.MaxN, out var count));
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("similar");
        var grain = grains.GetGrain<IArtistGrain>(artist);
        var similar = await grain.Similar(count);
        if (similar.Artists.IsEmpty && (await grain.GetInfo()).Index < 0)
        {
            return Problems.NotFound("artist", artist);
        }

        return TypedResults.Ok(new SimilarResponse(similar.Artist, similar.ModelVersion, Answers.Items(similar.Artists)));
    }

    public static async Task<Results<Ok<PopularResponse>, ProblemHttpResult>> Popular(
        IGrainFactory grains, PublishedModelCache models, ArtistDirectory directory, HttpMetrics metrics, string? n = null)
    {
        var problem = Query.Int(n, "n", 10, 1, Query.MaxN, out var count);
        if (problem is not null)
        {
            return problem;
        }

        using var timing = metrics.Time("popular");
        var published = await models.GetAsync(UserEndpoints.ModelName);
        if (published is null)
        {
            return TypedResults.Ok(new PopularResponse(0, []));
        }

        var names = await directory.GetAsync(published.Artists);
        var top = published.Popular.Take(count).Select(i => names[i]).ToArray();
        var infos = await Task.WhenAll(top.Select(e => grains.GetGrain<IArtistGrain>(e.Id).GetInfo()));

        // The model's most-listened artists, in order of their listeners now: plays since the training may have
        // changed the order among them (a stable sort keeps the model's order on ties).
        var ranked = top.Select((e, i) => (Entry: e, infos[i].Listeners)).OrderByDescending(p => p.Listeners).ToArray();
        return TypedResults.Ok(new PopularResponse(published.Version,
            [.. ranked.Select((p, r) => new PopularItem(r + 1, p.Entry.Id, p.Entry.Name ?? p.Entry.Id, p.Listeners))]));
    }
}
