namespace MusicRecs.Silo.Http.Contracts;

/// <summary>A played artist and how much it contributes to the explained score (share: of the score).</summary>
public sealed record ContributionItem(string Artist, string Name, float Amount, float Share);
