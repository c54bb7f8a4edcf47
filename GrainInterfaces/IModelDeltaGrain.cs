namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Artist factors refreshed by live plays since a model version was published (key = model name).
/// Silos poll it to patch their copy of that version's artist factors. Held in memory: after a loss
/// answers fall back to the published factors until the artists refresh again. Each activation draws
/// an epoch and numbers its updates from 1, so a reader keeps its mark per epoch.
/// </summary>
[Alias("MusicRecs.IModelDeltaGrain")]
public interface IModelDeltaGrain : IGrainWithStringKey
{
    /// <summary>Records refreshed factors of <paramref name="version"/>, in order (a later one for the same artist wins).</summary>
    [Alias("PutMany")]
    Task PutMany(int version, ImmutableArray<ArtistFactor> factors);

    /// <summary>
    /// Updates of <paramref name="version"/> after <paramref name="afterSequence"/>, oldest first, when
    /// <paramref name="epoch"/> is this activation's; otherwise (a reader's mark from an earlier activation, or 0)
    /// all of them. Either way with this activation's epoch, which the reader keeps with its new mark.
    /// </summary>
    [Alias("SinceInEpoch")]
    Task<ArtistUpdates> Since(int version, long epoch, long afterSequence);
}
