using Microsoft.Extensions.Logging;

namespace MusicRecs.Grains.Storage;

/// <summary>
/// Write, and on failure get back to what storage holds: a grain that changed its state in memory and
/// failed to persist it must not answer from the change (a redelivered event would look applied; a
/// catalog would hand out an index it never stored). A write can fail after the data landed, so the
/// truth is read back rather than assumed; when even that fails the activation is dropped, and the next
/// call starts from storage.
/// </summary>
public static class StateWrites
{
    /// <param name="reloaded">Runs once storage's copy is back in memory (the failed write may have landed).</param>
    public static async Task WriteOrReloadAsync<T>(IPersistentState<T> state, Action deactivate, ILogger logger, string what, Action? reloaded = null)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception write)
        {
            logger.LogWarning(write, "{What}: state write failed; reloading what storage holds", what);
            try
            {
                await state.ReadStateAsync();
                reloaded?.Invoke();
            }
            catch (Exception read)
            {
                logger.LogError(read, "{What}: reload after a failed write failed too; deactivating so the next call starts from storage", what);
                deactivate();
            }

            throw;
        }
    }
}
