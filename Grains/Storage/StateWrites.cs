using Microsoft.Extensions.Logging;

namespace MusicRecs.Grains.Storage;

/// <summary>
/// Keeps a grain's state equal to what storage holds when a write fails. A failed write may or may not have
/// stored the data (the answer can be lost after the write landed), and either way the in-memory state now
/// holds changes the caller must not rely on, and a stale ETag that makes every later write conflict.
/// </summary>
public static class StateWrites
{
    /// <summary>
    /// Writes the state. If that fails: reads it back from storage (so memory, ETag included, is what storage
    /// holds, the empty state when nothing is stored yet; <paramref name="reloaded"/> then rebuilds whatever the grain derives from it), or, if the read
    /// fails too, deactivates the grain once idle so the next call starts from storage; either way the write's
    /// exception is rethrown, naming nothing stored that the caller could have been told about.
    /// </summary>
    /// <param name="what">The change being written, for the log ("registration of 3 ids").</param>
    public static async Task WriteOrReloadAsync<T>(IPersistentState<T> state, IGrainBase grain, ILogger logger, string what, Action? reloaded = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            var id = grain.GrainContext.GrainId;
            logger.LogWarning(e, "{Grain}: writing the {What} failed; reloading the stored state", id, what);
            try
            {
                await ReloadAsync(state);
                reloaded?.Invoke();
            }
            catch (Exception reload)
            {
                logger.LogError(reload, "{Grain}: reloading the state after the failed write of the {What} failed too; deactivating so the next call reads storage", id, what);
                grain.DeactivateOnIdle();
            }

            throw;
        }
    }

    /// <summary>
    /// Reads the stored state into memory; with no stored record, memory becomes the empty state. A read that finds
    /// nothing leaves memory as it was, ahead of storage after a failed first write (a grain that then answered a
    /// resend as a duplicate and left would lose it).
    /// </summary>
    public static async Task ReloadAsync<T>(IPersistentState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        await state.ReadStateAsync();
        if (!state.RecordExists)
        {
            state.State = Activator.CreateInstance<T>();
        }
    }
}
