using System.Text.Json.Serialization;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Options of implicit-feedback ALS. The defaults (log scheme, alpha 6, eps 1, lambda 150) are the
/// setting with the smallest worst-case shortfall against the best grid setting over uniform and hashed
/// splits of Last.fm data (docs/tuning.md, scripts/compare-splits.sh), not the textbook alpha = 40.
/// </summary>
public sealed record AlsOptions
{
    public int Factors { get; init; } = 64;

    public int Iterations { get; init; } = 15;

    /// <summary>lambda in lambda(|x_u|^2 + |y_i|^2).</summary>
    public float Regularization { get; init; } = 150f;

    public float Alpha { get; init; } = 6f;

    public ConfidenceScheme Scheme { get; init; } = ConfidenceScheme.Log;

    /// <summary>eps of the log scheme, c = 1 + alpha log(1 + r/eps).</summary>
    public float Epsilon { get; init; } = 1f;

    public SolverKind Solver { get; init; } = SolverKind.ConjugateGradient;

    public int CgSteps { get; init; } = 3;

    public int Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means one per core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Initial factors are uniform in [0, InitScale).</summary>
    public float InitScale { get; init; } = 0.01f;

    /// <summary>Compute and report the training loss after every iteration.</summary>
    public bool ComputeLoss { get; init; } = true;

    [JsonIgnore]
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        Check(Factors is >= 1 and <= 1024, nameof(Factors), Factors, "between 1 and 1024");
        Check(Iterations is >= 0 and <= 10_000, nameof(Iterations), Iterations, "between 0 and 10000");
        Check(float.IsFinite(Regularization) && Regularization >= 0f, nameof(Regularization), Regularization, "finite and >= 0");
        Check(float.IsFinite(Alpha) && Alpha > 0f, nameof(Alpha), Alpha, "finite and > 0");
        Check(float.IsFinite(Epsilon) && Epsilon > 0f, nameof(Epsilon), Epsilon, "finite and > 0");
        Check(CgSteps is >= 1 and <= 1024, nameof(CgSteps), CgSteps, "between 1 and 1024");
        Check(Threads is >= 0 and <= 1024, nameof(Threads), Threads, "between 0 and 1024");
        Check(float.IsFinite(InitScale) && InitScale > 0f, nameof(InitScale), InitScale, "finite and > 0");
        Check(Enum.IsDefined(Scheme), nameof(Scheme), Scheme, "linear or log");
        Check(Enum.IsDefined(Solver), nameof(Solver), Solver, "cg or cholesky");
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"ALS option {name} = {value} is out of range: it must be {rule}.", name);
        }
    }
}
