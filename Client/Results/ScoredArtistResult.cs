using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary>One artist of an answer: id, name, score.</summary>
internal sealed record ScoredArtistResult(string Artist, string Name, float Score)
{
    public static ScoredArtistResult[] Of(IEnumerable<ScoredArtist> artists) => [.. artists.Select(a => new ScoredArtistResult(a.Artist, a.Name, a.Score))];
}
