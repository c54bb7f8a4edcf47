namespace MusicRecs.Grains.Factorization;

/// <summary>How a play count r becomes a confidence c = 1 + alpha * f(r).</summary>
public enum ConfidenceScheme
{
    /// <summary>f(r) = r (Hu, Koren &amp; Volinsky 2008, eq. 3).</summary>
    Linear,

    /// <summary>f(r) = log(1 + r / eps) (Hu, Koren &amp; Volinsky 2008, eq. 6): tames heavy play counts.</summary>
    Log,
}
