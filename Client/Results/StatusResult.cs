namespace MusicRecs.Client.Results;

/// <summary><c>status --json</c>.</summary>
internal sealed record StatusResult(string Model, int Users, int Artists, TrainingResult Training, PublishedResult? Published);
