namespace MusicRecs.Grains.Plays;

[GenerateSerializer, Alias("MusicRecs.UserState")]
public sealed class UserState
{
    [Id(0)] public int Index { get; set; } = -1;

    /// <summary>Plays per artist index.</summary>
    [Id(1)] public SortedCounts Plays { get; set; } = new();

    /// <summary>When the plays last changed: a model trained from an earlier start may not include them.</summary>
    [Id(2)] public DateTimeOffset LastChange { get; set; }

    /// <summary>Earlier format of <see cref="AppliedRanges"/> (one number per entry); converted on first use.</summary>
    [Id(3)] public Dictionary<string, long[]> Applied { get; set; } = [];

    /// <summary>Streamed events applied, by producer: the most recent sequence numbers as ranges start0, end0, start1, end1, ... ascending.</summary>
    [Id(4)] public Dictionary<string, long[]> AppliedRanges { get; set; } = [];

    /// <summary>Per producer, the sequence below which events are too old (its window overflowed); long.MinValue when nothing was forgotten.</summary>
    [Id(10)] public Dictionary<string, long> AppliedFloor { get; set; } = [];

    /// <summary>Per producer, when an event of it was last applied: producers idle past Live:ProducerMaxIdle are forgotten.</summary>
    [Id(11)] public Dictionary<string, DateTimeOffset> ProducerSeen { get; set; } = [];

    /// <summary>The number of the last batch whose listener changes entered <see cref="Outbox"/>.</summary>
    [Id(20)] public long OutboxSequence { get; set; }

    /// <summary>Listener changes not yet acknowledged by their artists, oldest first.</summary>
    [Id(22)] public OutboxLog Outbox { get; set; } = new();
}
