using MusicRecs.Grains.Evaluation;
using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Grains.Storage;

/// <summary>
/// In-memory grain storage that keeps each state as a copy made by the Orleans copier rather than as serialized
/// bytes (Orleans' memory storage). A copy shares what is marked immutable, so a state made of immutable values,
/// a factor block, is held once by its activation and the store together instead of twice: on the 10M-pair set
/// every factor block was held live and again as bytes in storage (docs/cluster.md, "Silo memory"). States with
/// mutable collections (users, artists) stay with the serializing store, whose bytes are smaller than the objects.
/// Shards are grains, as in Orleans' memory storage, so the store is one for the whole cluster.
/// </summary>
public sealed class CopyingMemoryGrainStorage(string name, IGrainFactory grains, DeepCopier copier, int shards = 64) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var stored = await Shard(key).Read(key);
        if (stored is null)
        {
            Empty(grainState);
            return;
        }

        // The stored copy is handed out as it is (its record is immutable): the activation gets a copy of its own.
        grainState.State = copier.Copy((T)stored.State);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var state = (object?)grainState.State ?? throw new ArgumentException($"State '{key}' is null: nothing to store.", nameof(grainState));

        // The call copies its argument (immutable parts shared), so the shard holds a copy the activation cannot change.
        var written = await Shard(key).Write(key, state, grainState.ETag);
        Check(written, key, grainState.ETag, "write");
        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        Check(await Shard(key).Clear(key, grainState.ETag), key, grainState.ETag, "clear");
        Empty(grainState);
    }

    private static void Empty<T>(IGrainState<T> grainState)
    {
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static void Check(ETagCheck check, string key, string? etag, string what)
    {
        if (!check.Matched)
        {
            throw new InconsistentStateException($"State '{key}': the {what} names ETag '{etag ?? "(none)"}', storage holds '{check.ETag ?? "(nothing)"}'.", check.ETag ?? "", etag ?? "");
        }
    }

    private string Key(string stateName, GrainId grainId) => $"{name}/{stateName}/{grainId}";

    private ICopiedStateStoreGrain Shard(string key) =>
        grains.GetGrain<ICopiedStateStoreGrain>((long)(HashSplit.Fnv1a(key) % (ulong)shards));
}
