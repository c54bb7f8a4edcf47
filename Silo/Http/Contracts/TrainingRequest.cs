namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Options of a training run; anything left out takes the default.</summary>
public sealed class TrainingRequest
{
    public int? Iterations { get; set; }

    public int? Factors { get; set; }

    public float? Regularization { get; set; }

    public float? Alpha { get; set; }

    /// <summary>Epsilon of the log confidence scheme, c = 1 + alpha * log(1 + r / eps).</summary>
    public float? Eps { get; set; }

    public int? Seed { get; set; }
}
