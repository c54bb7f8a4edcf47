using Orleans.Services;

namespace MusicRecs.Grains.Ingest;

/// <summary>One per silo: sends that silo's buffered listener changes to the artist grains on request.</summary>
[Alias("MusicRecs.IListenerFlushService")]
public interface IListenerFlushService : IGrainService
{
    /// <summary>Returns once every change buffered before the call has reached its artist or was kept as undelivered.</summary>
    [Alias("Flush")]
    Task<ListenerFlushResult> Flush();
}
