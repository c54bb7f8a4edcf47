namespace MusicRecs.GrainInterfaces;

/// <summary>Confidence scheme of a model on the wire: c = 1 + alpha * r (linear) or 1 + alpha * log(1 + r / eps) (log).</summary>
[GenerateSerializer, Alias("MusicRecs.TrainingScheme")]
public enum TrainingScheme
{
    Log = 0,
    Linear = 1,
}
