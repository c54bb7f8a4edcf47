namespace MusicRecs.Client.Results;

/// <summary>One played artist's part in an explained score.</summary>
internal sealed record ContributionResult(string Artist, string Name, float Score, float Share);
