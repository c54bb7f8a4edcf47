namespace MusicRecs.Grains.Storage;

/// <summary>
/// Remembers that a grain's last write failed, so its next call reads the state again before using it: when
/// <see cref="StateWrites.WriteOrReloadAsync"/> could not read it back either, memory still holds the unstored
/// change until the grain deactivates, and a call queued meanwhile must not take that change for stored.
/// </summary>
public sealed class StateReload
{
    private bool _needed;

    /// <summary>Runs the write; if it throws, the next <see cref="EnsureAsync{T}"/> reads the state again.</summary>
    public async Task WriteAsync(Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            await write();
        }
        catch (Exception)
        {
            _needed = true;
            throw;
        }
    }

    /// <summary>
    /// Reads the state from storage if a write failed since the last read; then <paramref name="reloaded"/> rebuilds
    /// what derives from it (<see cref="StateWrites.ReloadAsync{T}"/>: the empty state when nothing was ever stored).
    /// </summary>
    public async Task EnsureAsync<T>(IPersistentState<T> state, Action? reloaded = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_needed)
        {
            await StateWrites.ReloadAsync(state);
            _needed = false;
            reloaded?.Invoke();
        }
    }
}
