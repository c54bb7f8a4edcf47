using Orleans.Services;

namespace MusicRecs.Grains.Ingest;

/// <summary>Flushes the listener buffer of every active silo: what a run waits for before it reads the artists' lists.</summary>
public interface IListenerFlushClient : IGrainServiceClient<IListenerFlushService>
{
    /// <summary>
    /// Returns once every active silo has flushed and every change buffered before the call has reached
    /// its artist (undelivered changes are flushed again a few times); the silos reached and the changes
    /// sent. Throws when changes stay undelivered: a barrier that does not hold must not pass.
    /// </summary>
    Task<(int Silos, long Changes)> FlushAllAsync();
}
