namespace MusicRecs.GrainInterfaces;

[GenerateSerializer, Alias("MusicRecs.TrainingPhase")]
public enum TrainingPhase
{
    Idle,
    UserSweep,
    ArtistSweep,
    Publishing,
    Completed,
    Cancelled,
    Failed,
}
