namespace MusicRecs.Grains.Factorization;

/// <summary>Training produced NaN, infinity or an exploding loss; the options need changing.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
