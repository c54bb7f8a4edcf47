namespace MusicRecs.Grains.Factorization;

/// <summary>What one ALS iteration did: its loss (NaN when not computed) and how long each half took.</summary>
public sealed record IterationReport(int Iteration, int Iterations, double Loss, TimeSpan UserStep, TimeSpan ArtistStep, TimeSpan LossTime)
{
    /// <summary>Solve time of the iteration (both half-sweeps with their Gramians), loss excluded.</summary>
    public TimeSpan Elapsed => UserStep + ArtistStep;
}
