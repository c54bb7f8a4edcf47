using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>What <c>bench chaos</c> runs: the file (replayed as it is read), the silo count, and how often a silo is killed.</summary>
internal sealed record ChaosBenchSettings(string DataPath, DatasetLoadOptions LoadOptions, int Silos, TimeSpan KillEvery, int Batch)
{
    /// <summary>Longest wait for the queues to drain, or for training to end, before the run fails.</summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(10);
}
