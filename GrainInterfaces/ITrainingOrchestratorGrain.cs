namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Drives ALS training of one model (key = model name) across the cluster: alternating half-sweeps,
/// durable progress after each, publication of a new model version at the end, resume after failure.
/// </summary>
[Alias("MusicRecs.ITrainingOrchestratorGrain")]
public interface ITrainingOrchestratorGrain : IGrainWithStringKey
{
    /// <summary>Starts a run over the users and artists registered now; fails if one is running.</summary>
    [Alias("Start")]
    Task<TrainingStatus> Start(TrainingOptions options);

    [Alias("GetStatus")]
    Task<TrainingStatus> GetStatus();

    [Alias("Cancel")]
    Task<TrainingStatus> Cancel();

    /// <summary>The version queries serve, or null before the first run completes.</summary>
    [Alias("GetPublished")]
    Task<PublishedModel?> GetPublished();
}
