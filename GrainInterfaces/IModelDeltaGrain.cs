namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Artist factors refreshed by live plays since a model version was published (key = model name).
/// Silos poll it to patch their copy of that version's artist factors. Held in memory: after a loss
/// answers fall back to the published factors until the artists refresh again.
/// </summary>
[Alias("MusicRecs.IModelDeltaGrain")]
public interface IModelDeltaGrain : IGrainWithStringKey
{
    /// <summary>Records refreshed factors of <paramref name="version"/>, in order (a later one for the same artist wins).</summary>
    [Alias("PutMany")]
    Task PutMany(int version, ImmutableArray<ArtistFactor> factors);

    /// <summary>Updates of <paramref name="version"/> after <paramref name="afterSequence"/>, oldest first.</summary>
    [Alias("Since")]
    Task<ImmutableArray<ArtistUpdate>> Since(int version, long afterSequence);
}
