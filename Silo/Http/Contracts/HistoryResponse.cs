namespace MusicRecs.Silo.Http.Contracts;

/// <summary>A user's plays by artist, most played first.</summary>
public sealed record HistoryResponse(string User, int Artists, IReadOnlyList<HistoryItem> Items);
