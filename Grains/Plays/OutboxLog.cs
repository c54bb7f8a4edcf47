namespace MusicRecs.Grains.Plays;

/// <summary>
/// A user's outbox as stored: parallel arrays (entry i is Sequences[i], Artists[i], Counts[i]), oldest
/// first. Arrays of numbers because the outbox is written with every batch a user applies: the
/// serializer copies them in blocks, where an array of records would cost a header per field.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.OutboxLog")]
public sealed class OutboxLog
{
    [Id(0)] public long[] Sequences { get; set; } = [];

    [Id(1)] public int[] Artists { get; set; } = [];

    [Id(2)] public float[] Counts { get; set; } = [];

    public int Length => Sequences.Length;

    public IEnumerable<OutboxEntry> Entries()
    {
        for (var i = 0; i < Sequences.Length; i++)
        {
            yield return new OutboxEntry(Sequences[i], Artists[i], Counts[i]);
        }
    }
}
