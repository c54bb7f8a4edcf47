using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// The grid <see cref="Tuner"/> searches. Every other alpha and lambda (the ends included) with the
/// <see cref="CoarseEpsilons"/> is screened first; the fine values (every eps among them) are tried
/// next to the best screened settings. Factors are searched only when given. The linear scheme is
/// searched only when asked: on Last.fm counts it trails the log scheme far behind (docs/tuning.md).
/// </summary>
public sealed record TuningSpace
{
    public IReadOnlyList<ConfidenceScheme> Schemes { get; init; } = [ConfidenceScheme.Log];

    public IReadOnlyList<float> LogAlphas { get; init; } = [1f, 2f, 4f, 8f, 16f, 32f, 64f];

    public IReadOnlyList<float> LinearAlphas { get; init; } = [0.1f, 1f, 10f, 40f];

    public IReadOnlyList<float> Epsilons { get; init; } = [0.1f, 1f, 10f, 100f];

    /// <summary>The eps values of the screened grid (alpha and eps trade off, so two suffice to find the ridge).</summary>
    public IReadOnlyList<float> CoarseEpsilons { get; init; } = [1f, 10f];

    public IReadOnlyList<float> Regularizations { get; init; } = [10f, 25f, 50f, 100f, 200f, 500f, 1000f];

    public IReadOnlyList<int>? Factors { get; init; }

    /// <summary>Iterations of the screening fits (on one validation draw).</summary>
    public int ScreenIterations { get; init; } = 6;

    /// <summary>How many of the best screened settings refine their neighbourhood in the fine grid.</summary>
    public int Refined { get; init; } = 3;

    /// <summary>How many settings go on to every validation draw (the base options always do too).</summary>
    public int Finalists { get; init; } = 4;

    /// <summary>
    /// Iteration counts scored for every finalist (one fit to the largest, scored on the way); null:
    /// about half, all and five thirds of the base count (8, 15 and 25 for 15).
    /// </summary>
    public IReadOnlyList<int>? IterationChoices { get; init; }

    public IReadOnlyList<int> IterationsFor(int baseIterations)
    {
        var n = Math.Max(1, baseIterations);
        return IterationChoices ?? new[] { (n + 1) / 2, n, ((5 * n) + 2) / 3 }.Distinct().ToArray();
    }
}
