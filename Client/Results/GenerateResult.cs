namespace MusicRecs.Client.Results;

/// <summary><c>generate --json</c>.</summary>
internal sealed record GenerateResult(long Rows, string Path, double Seconds);
