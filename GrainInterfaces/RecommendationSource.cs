namespace MusicRecs.GrainInterfaces;

/// <summary>Where an answer came from.</summary>
[GenerateSerializer, Alias("MusicRecs.RecommendationSource")]
public enum RecommendationSource
{
    /// <summary>The user's factor of the published model.</summary>
    Model,

    /// <summary>A factor folded in from plays newer than the published model.</summary>
    FoldIn,

    /// <summary>No usable factor: the most-listened artists (by distinct listeners).</summary>
    Popularity,
}
