namespace MusicRecs.Grains.Data;

/// <summary>One listening row as read from a file; <see cref="Line"/> is the 1-based line it came from.</summary>
public readonly record struct PlayRow(string User, string Artist, double Count, long? Timestamp, long Line);
