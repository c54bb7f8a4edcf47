namespace MusicRecs.Grains.Hosting;

/// <summary><c>MusicRecs:Training</c>: how the orchestrator drives a distributed run (not the model options, which travel with each run).</summary>
public sealed class TrainingRuntimeOptions
{
    public const string SectionName = "MusicRecs:Training";

    /// <summary>Calls a partition gets per half-sweep before the run fails.</summary>
    public int BlockAttempts { get; set; } = 5;

    /// <summary>
    /// Partition solves a silo runs at once (each parallel over all cores), and so artist out-blocks it holds at once.
    /// Two let one block's fetch, and the end of its solve where a few long rows keep one core busy, overlap another's.
    /// </summary>
    public int ComputeSlots { get; set; } = 2;

    /// <summary>Wait before retrying a failed partition, times the attempt number.</summary>
    public TimeSpan BlockRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the blocks of a replaced model stay after a publication: queries switch versions within
    /// Live:PublishedModelMaxAge, so five times that by default.
    /// </summary>
    public TimeSpan ReplacedSnapshotGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rows (dense indexes) per catalog range partition: index i lives in partition i / CatalogPartitionRows, so a
    /// range read touches only the partitions covering it and no write rewrites more than this many ids. A catalog
    /// keeps the value it was created with.
    /// </summary>
    public int CatalogPartitionRows { get; set; } = 65_536;

    /// <summary>
    /// Lookup partitions per catalog: an id's index is found in partition hash(id) mod this. A catalog keeps the
    /// value it was created with.
    /// </summary>
    public int CatalogLookupPartitions { get; set; } = 64;
}
