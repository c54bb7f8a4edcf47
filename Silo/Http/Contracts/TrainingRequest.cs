namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Options of a training run; anything left out takes the default.</summary>
public sealed class TrainingRequest
{
    public int? Iterations { get; set; }

    public int? Factors { get; set; }

    public float? Regularization { get; set; }

    public float? Alpha { get; set; }

    public int? Seed { get; set; }
}
