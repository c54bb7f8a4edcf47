using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// The head of a catalog: how many ids it has registered, the partition layout it was created with, and the
/// batch of new rows it is writing to its partitions (empty between registrations).
/// </summary>
[GenerateSerializer, Alias("MusicRecs.CatalogState")]
public sealed class CatalogState
{
    /// <summary>Every id in index order, as a catalog stored them before it was partitioned; emptied by the migration.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];

    /// <summary>Names of <see cref="Ids"/> (the unpartitioned layout); emptied by the migration.</summary>
    [Id(1)] public List<string?> Names { get; set; } = [];

    /// <summary>Ids registered: indexes 0 .. Count - 1 are assigned (those of <see cref="Pending"/> included).</summary>
    [Id(2)] public int Count { get; set; }

    /// <summary>Rows assigned and stored here but perhaps not yet in the partitions; written to them before anything else.</summary>
    [Id(3)] public List<CatalogSlot> Pending { get; set; } = [];

    /// <summary>Rows per range partition, fixed when the first row is stored (0 before).</summary>
    [Id(4)] public int PartitionRows { get; set; }

    /// <summary>Lookup partitions, fixed when the first row is stored (0 before).</summary>
    [Id(5)] public int LookupPartitions { get; set; }
}
