using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Identifies a factor snapshot: one side of one run at one version. Version 0 is the seeded initial
/// factors, which every silo computes itself instead of loading.
/// </summary>
public sealed record SnapshotId(string Model, string RunId, string Side, int Version, int Rows, int Factors, int Seed, float InitScale)
{
    public int Blocks => SnapshotKeys.Blocks(Rows);

    public string BlockKey(int block) => SnapshotKeys.Block(Model, RunId, Side, Version, block);
}
