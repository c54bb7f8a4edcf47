namespace MusicRecs.Grains.Storage;

/// <summary>
/// Holds its shard of a <see cref="CopyingMemoryGrainStorage"/> for the life of the silo, as Orleans' own memory
/// storage grains do: the states exist nowhere else.
/// </summary>
public sealed class CopiedStateStoreGrain : Grain, ICopiedStateStoreGrain
{
    private readonly Dictionary<string, CopiedState> _states = [];
    private long _version;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(3650));
        return Task.CompletedTask;
    }

    public Task<CopiedState?> Read(string key) => Task.FromResult(_states.GetValueOrDefault(key));

    public Task<ETagCheck> Write(string key, object state, string? etag)
    {
        if (Stored(key) != etag)
        {
            return Task.FromResult(new ETagCheck(false, Stored(key)));
        }

        var next = $"{this.GetPrimaryKeyLong()}-{++_version}";
        _states[key] = new CopiedState(state, next);
        return Task.FromResult(new ETagCheck(true, next));
    }

    public Task<ETagCheck> Clear(string key, string? etag)
    {
        if (Stored(key) != etag)
        {
            return Task.FromResult(new ETagCheck(false, Stored(key)));
        }

        _states.Remove(key);
        return Task.FromResult(new ETagCheck(true, null));
    }

    private string? Stored(string key) => _states.GetValueOrDefault(key)?.ETag;
}
