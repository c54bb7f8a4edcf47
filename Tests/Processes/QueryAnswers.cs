using System.Globalization;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// What the cluster answers to a fixed set of queries, as exact text (model version, source, artists in rank order
/// with round-trip scores): recommendations for some users, similar artists for some artists, the published model.
/// </summary>
internal sealed record QueryAnswers(IReadOnlyList<string> Recommendations, IReadOnlyList<string> Similar, string Published)
{
    public static async Task<QueryAnswers> AskAsync(IClusterClient client, IReadOnlyList<string> users, IReadOnlyList<string> artists)
    {
        var recommendations = new List<string>();
        foreach (var user in users)
        {
            var r = await client.GetGrain<IUserGrain>(user).RecommendWith(new RecommendRequest { Count = 10 });
            recommendations.Add($"{user}: v{r.ModelVersion} {r.Source}: {Scores(r.Artists)}");
        }

        var similar = new List<string>();
        foreach (var artist in artists)
        {
            var s = await client.GetGrain<IArtistGrain>(artist).Similar(10);
            similar.Add($"{artist}: v{s.ModelVersion}: {Scores(s.Artists)}");
        }

        var p = await client.GetGrain<ITrainingOrchestratorGrain>("default").GetPublished();
        var published = p is null
            ? "none"
            : $"v{p.Version} run {p.RunId} snapshots {p.UserSnapshot}/{p.ArtistSnapshot} rows {p.Users}/{p.Artists} options {p.Options} popular {string.Join(",", p.Popular)}";
        return new QueryAnswers(recommendations, similar, published);
    }

    private static string Scores(IEnumerable<ScoredArtist> artists) =>
        string.Join(", ", artists.Select(a => $"{a.Artist}:{a.Score.ToString("R", CultureInfo.InvariantCulture)}"));
}
