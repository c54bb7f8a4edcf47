namespace MusicRecs.Client.Results;

/// <summary><c>play --json</c>: the play as published.</summary>
internal sealed record PlayResult(string User, string Artist, double Count, long Timestamp, string Producer, long Sequence, string StreamProvider);
