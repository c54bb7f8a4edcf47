using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>Converts the wire form of the options to the math library's and back (enum to enum: nothing is parsed per query).</summary>
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
            TrainingScheme.Linear => ConfidenceScheme.Linear,
            TrainingScheme.Log => ConfidenceScheme.Log,
            _ => throw new ArgumentException($"Training option Scheme = {o.Scheme} is not Linear or Log.", nameof(o)),
        },
        Epsilon = o.Epsilon,
        Solver = o.Solver switch
        {
            TrainingSolver.ConjugateGradient => SolverKind.ConjugateGradient,
            TrainingSolver.Cholesky => SolverKind.Cholesky,
            _ => throw new ArgumentException($"Training option Solver = {o.Solver} is not ConjugateGradient or Cholesky.", nameof(o)),
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
        Scheme = o.Scheme == ConfidenceScheme.Log ? TrainingScheme.Log : TrainingScheme.Linear,
        Epsilon = o.Epsilon,
        Solver = o.Solver == SolverKind.Cholesky ? TrainingSolver.Cholesky : TrainingSolver.ConjugateGradient,
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
