namespace MusicRecs.Grains.Hosting;

/// <summary>
/// <c>MusicRecs:Live</c>: timing and sizes of the live path (plays in, listener and factor updates out,
/// query-time caches). The defaults are the measured choices documented in Silo/README.md.
/// </summary>
public sealed class LiveOptions
{
    public const string SectionName = "MusicRecs:Live";

    /// <summary>Longest time between two flushes of the listener buffer to the artist grains.</summary>
    public TimeSpan ListenerFlushPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Buffered listener changes that start a flush before the period is up.</summary>
    public int ListenerFlushEntries { get; set; } = 1_000_000;

    /// <summary>Artist calls one listener flush keeps in flight.</summary>
    public int ListenerCallsInFlight { get; set; } = 16;

    /// <summary>Buffered listener changes at which the user grains (and so the streams) wait for a flush.</summary>
    public int ListenerHoldLimit { get; set; } = 4_000_000;

    /// <summary>
    /// Longest a user grain waits for room in a full listener buffer (<see cref="ListenerHoldLimit"/>) before it adds
    /// its changes anyway, so the buffer holds more than the limit until the next flush. This is the longest time
    /// backpressure holds one stream event; the memory-stream cache must keep events well past it
    /// (<see cref="LiveOptionsValidator"/>).
    /// </summary>
    public TimeSpan ListenerHoldMaxWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often refreshed artist factors go to the model delta grain in one call.</summary>
    public TimeSpan DeltaFlushPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Oldest published-model version an answer may use; a read past half of it refreshes in the background.</summary>
    public TimeSpan PublishedModelMaxAge { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Oldest set of live artist factors (the overlay on the published ones) a query may use.</summary>
    public TimeSpan OverlayPatchAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a pulling agent reads a memory-stream queue of the play stream.</summary>
    public TimeSpan MemoryStreamPollPeriod { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Least time a delivered memory-stream event stays in the pulling agents' cache.</summary>
    public TimeSpan MemoryStreamCacheMinTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most time a delivered memory-stream event stays in the pulling agents' cache.</summary>
    public TimeSpan MemoryStreamCacheMaxAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a pulling agent reads an Azure queue of the play stream (Streams:Mode AzureQueue).</summary>
    public TimeSpan AzureQueuePollPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Ranges of event sequence numbers a user grain remembers per producer to drop redeliveries (consecutive
    /// numbers make one range); past it the oldest are forgotten and older events are rejected as too old.
    /// </summary>
    public int DedupeWindow { get; set; } = 4096;

    /// <summary>Listeners above which an artist's factor is not refreshed live (it waits for training): bounds a refresh's work and scratch memory.</summary>
    public int RefreshMaxListeners { get; set; } = 20_000;

    /// <summary>Published user rows a silo keeps for live artist refreshes (read from the snapshot's blocks, not a silo-wide X); emptied when full.</summary>
    public int RefreshRowCacheRows { get; set; } = 65_536;

    /// <summary>Most artists a user's new factor is sent to beyond the ones just played (its most played): bounds a heavy user's fan-out per batch.</summary>
    public int FactorFanOut { get; set; } = 256;

    /// <summary>How long a producer may go without an applied event before a user grain forgets its ids (when it next writes).</summary>
    public TimeSpan ProducerMaxIdle { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Whether a user or artist activation that did only bulk work (an import's batch, the listener changes a flush
    /// delivers, training's gather, a consistency check) leaves as soon as it is idle instead of after Orleans'
    /// collection age: its state stays in storage, and a silo does not hold every grain an import or a training
    /// run touched (about 2.5 KB of Orleans' bookkeeping per activation beside the state; see docs/cluster.md, "Silo memory").
    /// </summary>
    public bool ReleaseBulkActivations { get; set; } = true;

    /// <summary>
    /// The silo compacts its heap once the memory it has committed reaches this many times what was live after its last
    /// compaction (and at least <see cref="HeapCompactionFloorMegabytes"/>); 0 leaves the heap to the collector alone.
    /// Bulk work (an import, training's gather) promotes states that die seconds later, and the collector left them in
    /// gen 2 until the silo held three times what was live (docs/cluster.md, "Silo memory").
    /// </summary>
    public double HeapCompactionGrowth { get; set; } = 1.5;

    /// <summary>Committed megabytes below which the silo never compacts its heap, whatever was live (see <see cref="HeapCompactionGrowth"/>).</summary>
    public int HeapCompactionFloorMegabytes { get; set; } = 768;
}
