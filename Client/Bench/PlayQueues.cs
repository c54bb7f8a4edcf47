using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Bench;

/// <summary>
/// The play stream's Azure queues of one run: created up front, which also proves the account reachable
/// (else a <see cref="ClusterUnavailableException"/>, exit code 2, instead of a silo failing to start), and
/// deleted at the end.
/// </summary>
internal sealed class PlayQueues : IAsyncDisposable
{
    /// <summary>How long creating (or deleting) the play queues may take before their storage counts as unreachable.</summary>
    private static readonly TimeSpan QueueSetupTimeout = TimeSpan.FromSeconds(20);

    private readonly QueueServiceClient _service;

    private PlayQueues(QueueServiceClient service, IReadOnlyList<string> names)
    {
        _service = service;
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    public string Describe() => $"{Names.Count} queues '{Names[0][..^2]}-*' at {_service.Uri}";

    public static async Task<PlayQueues> CreateAsync(string connectionString, IReadOnlyList<string> names, Reporter report, CancellationToken cancellationToken)
    {
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var service = new QueueServiceClient(connectionString, options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(QueueSetupTimeout);
        var clock = Stopwatch.StartNew();
        foreach (var name in names)
        {
            try
            {
                await service.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: deadline.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
            {
                var reason = e is OperationCanceledException ? $"no answer within {QueueSetupTimeout.TotalSeconds:0} s" : Reason(e);
                throw new ClusterUnavailableException(
                    $"--streams azure: could not create the play queue '{name}' at {service.Uri}: {reason}. "
                    + "Is the storage account (or Azurite) running? 'scripts/azurite.sh start' starts Azurite and prints its connection string for --streams-connection-string.",
                    e);
            }
        }

        report.Line($"streams: created {names.Count} play queues at {service.Uri} in {clock.Elapsed.TotalSeconds:F1}s");
        return new PlayQueues(service, names);
    }

    /// <summary>Deletes the queues (after the silo has stopped); a failure leaves them, with a note.</summary>
    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(QueueSetupTimeout);
        try
        {
            await Task.WhenAll(Names.Select(n => _service.GetQueueClient(n).DeleteIfExistsAsync(deadline.Token)));
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine($"warning: the play queues '{Names[0][..^2]}-*' at {_service.Uri} were not deleted: {Reason(e)}");
        }
    }

    /// <summary>The first line of the innermost useful message (the SDK's messages carry headers after it).</summary>
    private static string Reason(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } a)
        {
            e = a.InnerExceptions[0];
        }

        if (e is RequestFailedException { Status: > 0 } failed)
        {
            return $"HTTP {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}";
        }

        return FirstLine(e.InnerException is HttpRequestException or System.Net.Sockets.SocketException ? e.InnerException.Message : e.Message);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
