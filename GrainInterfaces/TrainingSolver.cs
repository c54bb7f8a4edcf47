namespace MusicRecs.GrainInterfaces;

/// <summary>Row solver of a model on the wire: conjugate gradient (warm-started, the fast default) or exact Cholesky.</summary>
[GenerateSerializer, Alias("MusicRecs.TrainingSolver")]
public enum TrainingSolver
{
    ConjugateGradient = 0,
    Cholesky = 1,
}
