namespace MusicRecs.Client.Results;

/// <summary>One of a user's most played artists.</summary>
internal sealed record TopArtistResult(string Artist, string Name, float Plays);
