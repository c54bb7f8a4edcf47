using MusicRecs.Client.Connection;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary><c>recommend --json</c>.</summary>
internal sealed record RecommendResult(string User, int ModelVersion, string Source, ScoredArtistResult[] Artists)
{
    public static RecommendResult Of(Recommendations answer) =>
        new(answer.User, answer.ModelVersion, Answers.SourceName(answer.Source), ScoredArtistResult.Of(answer.Artists));
}
