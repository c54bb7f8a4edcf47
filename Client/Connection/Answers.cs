using System.Globalization;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Connection;

/// <summary>How query answers print: numbered artist lines with scores, and their JSON form.</summary>
internal static class Answers
{
    public static string SourceName(RecommendationSource source) => source switch
    {
        RecommendationSource.Model => "model",
        RecommendationSource.FoldIn => "fold-in",
        RecommendationSource.Popularity => "popularity",
        _ => source.ToString().ToLowerInvariant(),
    };

    public static string Label(string id, string name) => name == id || string.IsNullOrEmpty(name) ? id : $"{name} [{id}]";

    public static void PrintArtists(Reporter report, IReadOnlyList<ScoredArtist> artists, bool withScores = true)
    {
        for (var i = 0; i < artists.Count; i++)
        {
            var a = artists[i];
            var score = withScores ? "  " + a.Score.ToString("F4", CultureInfo.InvariantCulture) : string.Empty;
            report.Line($"  {i + 1,3}. {Label(a.Artist, a.Name)}{score}");
        }
    }

    /// <summary>Checks a --count value before anything is asked of the cluster.</summary>
    public static int CheckCount(int count, int max = 1000)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentException($"--count {count} is out of range: it must be between 1 and {max}.");
        }

        return count;
    }
}
