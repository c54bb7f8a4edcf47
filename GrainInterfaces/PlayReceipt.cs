namespace MusicRecs.GrainInterfaces;

/// <summary>What a user grain did with a batch of plays: events applied, events it had applied before, events rejected as bad data.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.PlayReceipt")]
public sealed record PlayReceipt([property: Id(0)] int Applied, [property: Id(1)] int Duplicates, [property: Id(2)] int Rejected);
