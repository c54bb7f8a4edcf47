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
        if (Mismatch(key, etag) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var next = $"{this.GetPrimaryKeyLong()}-{++_version}";
        _states[key] = new CopiedState(state, next);
        return Task.FromResult(new ETagCheck(true, next));
    }

    public Task<ETagCheck> Clear(string key, string? etag)
    {
        if (Mismatch(key, etag) is { } refused)
        {
            return Task.FromResult(refused);
        }

        _states.Remove(key);
        return Task.FromResult(new ETagCheck(true, null));
    }

    /// <summary>The refusal when <paramref name="etag"/> is not the stored one (null: nothing stored), else null.</summary>
    private ETagCheck? Mismatch(string key, string? etag)
    {
        var stored = _states.GetValueOrDefault(key)?.ETag;
        return stored == etag ? null : new ETagCheck(false, stored);
    }
}
