namespace MusicRecs.Grains.Plays;

/// <summary>An artist's listener counts and last applied sequences after a delivery; how many changes it applied and how many it had applied before.</summary>
public sealed record LedgerUpdate(SortedCounts Listeners, long[] Sequences, int Applied, int Duplicates);
