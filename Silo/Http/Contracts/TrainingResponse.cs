namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Where training stands: phase (idle, user_sweep, artist_sweep, publishing, completed, cancelled, failed) and progress from 0 to 1.</summary>
public sealed record TrainingResponse(string Phase, string RunId, bool Running, int Iteration, int Iterations, double Progress, IReadOnlyList<double> Losses, IReadOnlyList<double> IterationSeconds, DateTimeOffset? Started, DateTimeOffset? Finished, string? Error);
