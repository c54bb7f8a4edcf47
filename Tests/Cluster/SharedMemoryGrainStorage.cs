using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Grain storage held in the test process rather than in a silo, so it survives killing any silo of
/// an in-process cluster (Orleans' memory storage lives in grains that die with their silo).
/// State is stored serialized, so every read is a fresh copy as with real storage.
/// </summary>
internal sealed class SharedMemoryGrainStorage(string cluster, string name, Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> Store = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        Store.AddOrUpdate(
            key,
            _ => grainState.ETag is null ? (serializer.SerializeToArray(grainState.State), etag) : throw new InconsistentStateException($"{key}: no stored state for ETag {grainState.ETag}"),
            (_, old) => old.ETag == grainState.ETag ? (serializer.SerializeToArray(grainState.State), etag) : throw new InconsistentStateException($"{key}: ETag {grainState.ETag} is stale"));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Store.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private string Key(string stateName, GrainId grainId) => $"{cluster}/{name}/{stateName}/{grainId}";
}
