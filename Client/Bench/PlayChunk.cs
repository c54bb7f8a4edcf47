namespace MusicRecs.Client.Bench;

/// <summary>One stream event's worth of a user's plays.</summary>
internal sealed record PlayChunk(string User, (string Artist, float Count, long Timestamp)[] Plays);
