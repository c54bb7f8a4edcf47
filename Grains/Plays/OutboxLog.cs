namespace MusicRecs.Grains.Plays;

/// <summary>
/// A user's outbox: parallel arrays (entry i is Sequences[i], Artists[i], Counts[i]), oldest first.
/// It is written with every batch a user applies, so it is stored packed (<see cref="Storage.Packed.OutboxLogConverter"/>).
/// </summary>
[Alias("MusicRecs.OutboxLog")]
public sealed class OutboxLog
{
    public long[] Sequences { get; set; } = [];

    public int[] Artists { get; set; } = [];

    public float[] Counts { get; set; } = [];

    public int Length => Sequences.Length;

    public IEnumerable<OutboxEntry> Entries()
    {
        for (var i = 0; i < Sequences.Length; i++)
        {
            yield return new OutboxEntry(Sequences[i], Artists[i], Counts[i]);
        }
    }
}
