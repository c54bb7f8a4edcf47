namespace MusicRecs.Grains.Evaluation;

/// <summary>How a per-user holdout picks the test rows of each user (docs/tuning.md).</summary>
public enum SplitKind
{
    /// <summary>A uniform random draw per user (<see cref="Holdout.Split"/>).</summary>
    Random,

    /// <summary>The rows with the smallest FNV-1a hash of "seed:user id:artist id".</summary>
    Hash,

    /// <summary>
    /// The rows with the smallest hash of the artist id alone: every user holds out the same artists
    /// where it can, so test artists lose training listeners, the harshest of the three.
    /// </summary>
    ArtistHash,
}
