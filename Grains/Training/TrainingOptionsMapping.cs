using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>Converts the wire form of the options to the math library's and back.</summary>
public static class TrainingOptionsMapping
{
    public static AlsOptions ToAls(this TrainingOptions o) => new()
    {
        Factors = o.Factors,
        Iterations = o.Iterations,
        Regularization = o.Regularization,
        Alpha = o.Alpha,
        Scheme = o.Scheme switch
        {
            "linear" => ConfidenceScheme.Linear,
            "log" => ConfidenceScheme.Log,
            _ => throw new ArgumentException($"Training option Scheme = '{o.Scheme}' is not 'linear' or 'log'.", nameof(o)),
        },
        Epsilon = o.Epsilon,
        Solver = o.Solver switch
        {
            "cg" => SolverKind.ConjugateGradient,
            "cholesky" => SolverKind.Cholesky,
            _ => throw new ArgumentException($"Training option Solver = '{o.Solver}' is not 'cg' or 'cholesky'.", nameof(o)),
        },
        CgSteps = o.CgSteps,
        Seed = o.Seed,
        InitScale = o.InitScale,
        Threads = 1,
    };

    public static TrainingOptions ToWire(this AlsOptions o) => new()
    {
        Factors = o.Factors,
        Iterations = o.Iterations,
        Regularization = o.Regularization,
        Alpha = o.Alpha,
        Scheme = o.Scheme == ConfidenceScheme.Log ? "log" : "linear",
        Epsilon = o.Epsilon,
        Solver = o.Solver == SolverKind.Cholesky ? "cholesky" : "cg",
        CgSteps = o.CgSteps,
        Seed = o.Seed,
        InitScale = o.InitScale,
    };

    /// <summary>Validates the options, throwing an <see cref="ArgumentException"/> that names the bad one.</summary>
    public static void Validate(this TrainingOptions o)
    {
        o.ToAls().Validate();
        if (o.Concurrency is < 1 or > 100_000)
        {
            throw new ArgumentException($"Training option Concurrency = {o.Concurrency} is out of range: it must be between 1 and 100000.", nameof(o));
        }
    }
}
