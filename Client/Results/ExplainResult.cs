using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary><c>explain --json</c>: the score and the played artists that contribute most to it.</summary>
internal sealed record ExplainResult(string User, string Artist, string Name, float Score, int ModelVersion, string Source, ContributionResult[] Artists)
{
    public static ExplainResult Of(Explanation answer, string name) =>
        new(answer.User, answer.Artist, name, answer.Score, answer.ModelVersion, "model", [.. answer.Contributions.Select(c => new ContributionResult(c.Artist, c.Name, c.Amount, c.Share))]);
}
