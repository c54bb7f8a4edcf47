using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// The orchestrator's durable run state, written after every completed half-sweep: enough to resume
/// from the last one after a silo failure or a reactivation.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.TrainingState")]
public sealed class TrainingState
{
    [Id(0)] public string RunId { get; set; } = "";
    [Id(1)] public TrainingPhase Phase { get; set; } = TrainingPhase.Idle;
    [Id(2)] public TrainingOptions? Options { get; set; }
    [Id(3)] public int Users { get; set; }
    [Id(4)] public int Artists { get; set; }
    [Id(5)] public int HalfSweepsDone { get; set; }

    /// <summary>Latest snapshot version of each side (0 = seeded initial factors).</summary>
    [Id(6)] public int UserVersion { get; set; }
    [Id(7)] public int ArtistVersion { get; set; }

    /// <summary>lambda |X|^2 of the last user half-sweep, the part of the loss the artist side does not see.</summary>
    [Id(8)] public double UserNorm { get; set; }
    [Id(9)] public List<double> Losses { get; set; } = [];
    [Id(10)] public List<double> IterationSeconds { get; set; } = [];
    [Id(11)] public double CurrentIterationSeconds { get; set; }
    [Id(12)] public DateTimeOffset? Started { get; set; }
    [Id(13)] public DateTimeOffset? Finished { get; set; }
    [Id(14)] public string? Error { get; set; }
    [Id(15)] public PublishedModel? Published { get; set; }
    [Id(16)] public int Resumes { get; set; }
    [Id(17)] public int SolveCalls { get; set; }
    [Id(18)] public int CrossSiloCalls { get; set; }
    [Id(19)] public List<int> Popular { get; set; } = [];
    [Id(20)] public List<double> HalfSweepSeconds { get; set; } = [];

    /// <summary>Bytes of factor rows moved through grain calls per completed iteration, and so far in the current one.</summary>
    [Id(21)] public List<long> IterationFactorBytes { get; set; } = [];
    [Id(22)] public long CurrentIterationFactorBytes { get; set; }
}
