using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace MusicRecs.Grains.Ingest;

/// <summary>The silo's <see cref="ListenerBuffer"/> reachable from other silos: the barrier training waits for.</summary>
[Reentrant]
public sealed class ListenerFlushService(GrainId id, Silo silo, ILoggerFactory loggerFactory, ListenerBuffer buffer)
    : GrainService(id, silo, loggerFactory), IListenerFlushService
{
    // The flush sorts and sends on the thread pool, like the buffer's own periodic flush.
    public Task<ListenerFlushResult> Flush() => Task.Run(buffer.FlushAsync);
}
