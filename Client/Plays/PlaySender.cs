using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Plays;

/// <summary>
/// Publishes play batches with at most <see cref="MaxInFlight"/> outstanding, paced to a rate when one is
/// given; each user's events wait for that user's previous one, so they reach the stream in sequence order.
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
    private Exception? _failure;

    public long Plays => Interlocked.Read(ref _plays);

    public long Events => Interlocked.Read(ref _events);

    public int Users => _sent.Count;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Total play count handed to the stream for a user (complete once <see cref="CompleteAsync"/> has returned).</summary>
    public double SentTo(string user) => _sent.GetValueOrDefault(user);

    public async Task SendAsync(string user, IReadOnlyCollection<(string Artist, float Count, long Timestamp)> plays)
    {
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

        _scheduled += plays.Count;
        await _slots.WaitAsync(cancellationToken);
        var batch = PlayProducer.Batch(user, plays);
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
            await stream.OnNextAsync(batch);
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
