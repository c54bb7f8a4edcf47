using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// One setting tried by the tuner: its mean NDCG@10 over <paramref name="Folds"/> validation draws,
/// with the standard error of that mean when it was scored on more than two.
/// </summary>
public sealed record TuningTrial(int Number, AlsOptions Options, double ValidationNdcg, TimeSpan Elapsed, double Stderr = double.NaN, int Folds = 1)
{
    /// <summary>How the stage that scored it saw it (per kind of draw, or relative to the best).</summary>
    public string Detail { get; init; } = string.Empty;
}
