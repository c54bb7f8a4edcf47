namespace MusicRecs.GrainInterfaces;

/// <summary>
/// What a user grain did with a batch of plays: events applied, events it had applied before, events rejected
/// as bad data, and events rejected as too old (below their producer's dedupe floor: whether they were
/// applied is forgotten, so they are not applied again).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.PlayReceipt")]
public sealed record PlayReceipt([property: Id(0)] int Applied, [property: Id(1)] int Duplicates, [property: Id(2)] int Rejected, [property: Id(3)] int TooOld = 0);
