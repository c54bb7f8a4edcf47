namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Why an artist scores what it does for a user: the played artists that contribute most.</summary>
public sealed record ExplanationResponse(string User, string Artist, string Name, int ModelVersion, float Score, IReadOnlyList<ContributionItem> Items);
