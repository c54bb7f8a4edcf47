using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>The values <see cref="Tuner"/> tries for each option; factors are searched only when given.</summary>
public sealed record TuningSpace
{
    public IReadOnlyList<ConfidenceScheme> Schemes { get; init; } = [ConfidenceScheme.Log, ConfidenceScheme.Linear];

    public IReadOnlyList<float> LogAlphas { get; init; } = [0.5f, 1f, 2f, 4f, 8f];

    public IReadOnlyList<float> LinearAlphas { get; init; } = [0.01f, 0.1f, 1f, 10f, 40f];

    public IReadOnlyList<float> Epsilons { get; init; } = [0.1f, 1f, 10f, 100f];

    public IReadOnlyList<float> Regularizations { get; init; } = [0.1f, 1f, 5f, 20f, 50f, 100f, 200f];

    public IReadOnlyList<int>? Factors { get; init; }

    /// <summary>After the grid search converges, alpha, eps and lambda are refined by these factors around the best.</summary>
    public IReadOnlyList<float> RefineSteps { get; init; } = [0.7f, 1.4f];
}
