using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Tests.Faults;

/// <summary>
/// Grain storage that passes calls to an inner storage and injects the failures its <see cref="StorageFaults"/>
/// draw: a write that fails before it is stored, one that is stored and then fails (the caller cannot tell
/// the two apart), and one that times out without storing. Clears pass through untouched.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults, string name, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.NextReadFails())
        {
            throw new InjectedStorageException($"Storage '{name}': injected failure reading {stateName} of {grainId}.");
        }

        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (fault, options) = faults.NextWrite();
        switch (fault)
        {
            case WriteFault.FailBeforeStore:
                throw new InjectedStorageException($"Storage '{name}': injected failure writing {stateName} of {grainId}, before it was stored.");
            case WriteFault.Timeout:
                await Task.Delay(options.TimeoutDelay);
                throw new TimeoutException($"Storage '{name}': injected timeout writing {stateName} of {grainId} after {options.TimeoutDelay.TotalMilliseconds} ms; nothing was stored.");
        }

        if (options.WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.WriteDelay);
        }

        var (etag, existed) = (grainState.ETag, grainState.RecordExists);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.CountStored();
        if (faults.Stored is { } observer)
        {
            observer(stateName, grainId, serializer.Deserialize<T>(serializer.SerializeToArray(grainState.State)));
        }

        if (fault == WriteFault.FailAfterStore)
        {
            // The answer with the new ETag was lost: the caller keeps the old one, as with real storage,
            // so its next write conflicts until it reads the state again.
            (grainState.ETag, grainState.RecordExists) = (etag, existed);
            throw new InjectedStorageException($"Storage '{name}': injected failure writing {stateName} of {grainId}, after it was stored.");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
