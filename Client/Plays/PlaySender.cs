using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Plays;

/// <summary>
/// Publishes play batches with at most <see cref="MaxInFlight"/> outstanding, paced to a rate when one is
/// given; each user's events wait for that user's previous one, so they reach the stream in sequence order.
/// A publish that fails transiently is retried with backoff (<see cref="TransientRetry"/>): the events keep
/// their ids, so a resend of an event that did get through is dropped as a duplicate by the user grain.
/// </summary>
internal sealed class PlaySender(ClusterConnection connection, double? rate, CancellationToken cancellationToken)
{
    public const int MaxInFlight = 64;

    /// <summary>Users whose last send is kept for ordering before finished ones are forgotten.</summary>
    private const int TrackedUsers = 262_144;

    private readonly SemaphoreSlim _slots = new(MaxInFlight);
    private readonly Dictionary<string, Task> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _sent = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _scheduled;
    private long _plays;
    private long _events;
    private long _retries;
    private Exception? _failure;

    public long Plays => Interlocked.Read(ref _plays);

    public long Events => Interlocked.Read(ref _events);

    public int Users => _sent.Count;

    /// <summary>Publishes repeated after a transient failure (each is logged).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Total play count handed to the stream for a user (complete once <see cref="CompleteAsync"/> has returned).</summary>
    public double SentTo(string user) => _sent.GetValueOrDefault(user);

    /// <summary>Sends plays under this process's producer (<see cref="PlayProducer"/>), numbered as they are sent.</summary>
    public Task SendAsync(string user, IReadOnlyCollection<(string Artist, float Count, long Timestamp)> plays) =>
        SendAsync(PlayProducer.Batch(user, plays));

    /// <summary>Sends a batch whose events are numbered already (e.g. by line of a file): a resend is then safe.</summary>
    public async Task SendAsync(PlayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var user = batch.User;
        var plays = batch.Plays;
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new InvalidOperationException($"publishing to the play stream failed: {failure.Message}", failure);
        }

        if (rate is { } perSecond)
        {
            var due = TimeSpan.FromSeconds(_scheduled / perSecond) - _clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
        }

        _scheduled += plays.Length;
        await _slots.WaitAsync(cancellationToken);
        _sent[user] = _sent.GetValueOrDefault(user) + plays.Sum(p => (double)p.Count);
        var previous = _last.GetValueOrDefault(user) ?? Task.CompletedTask;
        _last[user] = PublishAsync(previous, connection.Plays(user), batch);
        if (_last.Count > TrackedUsers)
        {
            foreach (var done in _last.Where(e => e.Value.IsCompleted).Select(e => e.Key).ToArray())
            {
                _last.Remove(done);
            }
        }
    }

    public async Task CompleteAsync()
    {
        await Task.WhenAll(_last.Values);
        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"publishing to the play stream failed: {failure.Message}", failure);
        }
    }

    private async Task PublishAsync(Task previous, Orleans.Streams.IAsyncStream<PlayBatch> stream, PlayBatch batch)
    {
        try
        {
            await previous;
            await TransientRetry.RunAsync(
                () => stream.OnNextAsync(batch),
                $"publishing {batch.Plays.Length:N0} plays of user '{batch.User}'",
                line =>
                {
                    Interlocked.Increment(ref _retries);
                    Reporter.Progress($"  {line}");
                },
                cancellationToken);
            Interlocked.Add(ref _plays, batch.Plays.Length);
            Interlocked.Increment(ref _events);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        finally
        {
            _slots.Release();
        }
    }
}
