namespace MusicRecs.Grains.Factorization;

/// <summary>Which solver a least-squares step uses for each row.</summary>
public enum SolverKind
{
    /// <summary>A few conjugate-gradient steps warm-started from the previous vector (Takacs, Pilaszy &amp; Tikk 2011).</summary>
    ConjugateGradient,

    /// <summary>The exact solution of the k x k normal equations by Cholesky factorisation.</summary>
    Cholesky,
}
