namespace MusicRecs.Client.Results;

/// <summary>
/// One inconsistency: <c>pair</c> (a user-artist count that differs between the user's history and the artist's
/// listeners, or is on one side only; a missing side is 0) or <c>catalog</c> (an id whose grain holds another index,
/// an index held twice, a gap).
/// </summary>
internal sealed record CheckMismatchResult(string Kind, string? User, string? Artist, double? UserPlays, double? ArtistPlays, string Detail);
