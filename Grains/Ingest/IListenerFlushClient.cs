using Orleans.Services;

namespace MusicRecs.Grains.Ingest;

/// <summary>Flushes the listener buffer of every active silo: what a run waits for before it reads the artists' lists.</summary>
public interface IListenerFlushClient : IGrainServiceClient<IListenerFlushService>
{
    /// <summary>Returns once every active silo has flushed; the silos reached and the changes sent.</summary>
    Task<(int Silos, long Changes)> FlushAllAsync();
}
