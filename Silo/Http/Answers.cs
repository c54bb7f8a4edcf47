using System.Text.Json;
using MusicRecs.GrainInterfaces;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary>Grain answers as the API's JSON contracts.</summary>
public static class Answers
{
    /// <summary>The snake_case name of an enum value, converted once per value.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => EnumNames<T>.Of(value);

    public static IReadOnlyList<ScoredItem> Items(IEnumerable<ScoredArtist> artists) =>
        [.. artists.Select(a => new ScoredItem(a.Artist, a.Name, a.Score))];

    /// <summary>The answer's artists from <paramref name="offset"/> on (one array, no enumerators: this runs on every request).</summary>
    public static RecommendationsResponse Recommendations(Recommendations r, int offset = 0)
    {
        var artists = r.Artists;
        var items = new ScoredItem[Math.Max(0, artists.Length - offset)];
        for (var i = 0; i < items.Length; i++)
        {
            var a = artists[offset + i];
            items[i] = new ScoredItem(a.Artist, a.Name, a.Score);
        }

        return new(r.User, r.ModelVersion, Name(r.Source), items);
    }

    public static TrainingResponse Training(TrainingStatus s)
    {
        var total = Math.Max(1, 2 * s.Iterations);
        var progress = s.Phase == TrainingPhase.Completed ? 1.0 : Math.Clamp((double)s.HalfSweepsDone / total, 0, 1);
        return new TrainingResponse(Name(s.Phase), s.RunId, s.IsRunning, s.Iteration, s.Iterations, progress,
            [.. s.Losses], [.. s.IterationSeconds], s.Started, s.Finished, s.Error);
    }

    public static double? AgeSeconds(PublishedModel? p) => p is null ? null : Math.Max(0, (DateTimeOffset.UtcNow - p.Published).TotalSeconds);
}
