using Microsoft.Extensions.Hosting;

namespace MusicRecs.Client.Connection;

/// <summary>
/// The client host's lifetime: no signal handling of its own, so Ctrl+C reaches the command's
/// cancellation token (the default console lifetime would swallow it).
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
