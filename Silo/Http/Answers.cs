using System.Text.Json;
using MusicRecs.GrainInterfaces;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary>Grain answers as the API's JSON contracts.</summary>
public static class Answers
{
    public static string Name(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<ScoredItem> Items(IEnumerable<ScoredArtist> artists) =>
        [.. artists.Select(a => new ScoredItem(a.Artist, a.Name, a.Score))];

    public static RecommendationsResponse Recommendations(Recommendations r, int offset = 0) =>
        new(r.User, r.ModelVersion, Name(r.Source), Items(r.Artists.Skip(offset)));

    public static TrainingResponse Training(TrainingStatus s)
    {
        var total = Math.Max(1, 2 * s.Iterations);
        var progress = s.Phase == TrainingPhase.Completed ? 1.0 : Math.Clamp((double)s.HalfSweepsDone / total, 0, 1);
        return new TrainingResponse(Name(s.Phase), s.RunId, s.IsRunning, s.Iteration, s.Iterations, progress,
            [.. s.Losses], [.. s.IterationSeconds], s.Started, s.Finished, s.Error);
    }

    public static double? AgeSeconds(PublishedModel? p) => p is null ? null : Math.Max(0, (DateTimeOffset.UtcNow - p.Published).TotalSeconds);
}
