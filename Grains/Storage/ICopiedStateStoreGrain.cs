namespace MusicRecs.Grains.Storage;

/// <summary>One shard of a <see cref="CopyingMemoryGrainStorage"/>: the states whose keys hash to it.</summary>
[Alias("MusicRecs.ICopiedStateStoreGrain")]
public interface ICopiedStateStoreGrain : IGrainWithIntegerKey
{
    [Alias("Read")]
    Task<CopiedState?> Read(string key);

    /// <summary>Stores <paramref name="state"/> if <paramref name="etag"/> is the stored one (null: nothing stored).</summary>
    [Alias("Write")]
    Task<ETagCheck> Write(string key, object state, string? etag);

    /// <summary>Removes the state if <paramref name="etag"/> is the stored one.</summary>
    [Alias("Clear")]
    Task<ETagCheck> Clear(string key, string? etag);
}
