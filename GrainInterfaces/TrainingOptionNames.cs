namespace MusicRecs.GrainInterfaces;

/// <summary>The names the command line and every JSON output use for the scheme and the solver.</summary>
public static class TrainingOptionNames
{
    public static string Name(this TrainingScheme scheme) => scheme switch
    {
        TrainingScheme.Log => "log",
        TrainingScheme.Linear => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown confidence scheme."),
    };

    public static string Name(this TrainingSolver solver) => solver switch
    {
        TrainingSolver.ConjugateGradient => "cg",
        TrainingSolver.Cholesky => "cholesky",
        _ => throw new ArgumentOutOfRangeException(nameof(solver), solver, "Unknown solver."),
    };
}
