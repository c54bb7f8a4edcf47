namespace MusicRecs.Silo.Http.Contracts;

/// <summary>The published model version (0 before the first training completes) and the training state.</summary>
public sealed record ModelResponse(string Model, int Version, DateTimeOffset? TrainedAt, double? AgeSeconds, int Users, int Artists, int Factors, IReadOnlyList<double> Losses, TrainingResponse Training);
