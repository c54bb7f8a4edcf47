using Orleans.Services;

namespace MusicRecs.Grains.Ingest;

/// <summary>One per silo: sends that silo's buffered listener changes to the artist grains on request.</summary>
[Alias("MusicRecs.IListenerFlushService")]
public interface IListenerFlushService : IGrainService
{
    /// <summary>Returns once every change buffered before the call has reached its artist or was kept as undelivered.</summary>
    /// <remarks>
    /// After a bulk import a silo may hold a million changes for tens of thousands of artists, and on a loaded
    /// cluster draining them takes longer than the default 30 s call timeout: the barrier waits for it instead.
    /// </remarks>
    [Alias("Flush")]
    [ResponseTimeout("00:10:00")]
    Task<ListenerFlushResult> Flush();
}
