using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// Collects listener-count changes from the user grains of this silo and sends them to the artist
/// grains in batches, one call per artist per flush, when the buffer is large or every
/// <see cref="LiveOptions.ListenerFlushPeriod"/>: a hot artist never gets one call per play. Flushes are seconds apart on
/// purpose: every artist call touches an activation, and a silo touching all its artists every second
/// spends its garbage collections scanning them (measured: gen-0 pauses of 40-50 ms instead of about
/// 20 ms), which is what a fresh answer's tail latency waits for. Artists therefore follow the plays
/// within a flush period plus the flush itself; a user's own answers follow at once.
/// Nothing here is the only copy: the changes are entries of their users' durable outboxes. A failed
/// artist call keeps its changes for the next flush (ahead of newer ones, so an artist sees each user's
/// entries in order), and the buffer tells each user grain up to which entry the artists have persisted
/// (<see cref="Acknowledged"/>), so the grain can forget them.
/// </summary>
public sealed class ListenerBuffer(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<ListenerBuffer> logger) : BackgroundService
{
    /// <summary>Changes a list kept between flushes may have room for when no play arrives.</summary>
    private const int IdleCapacity = 4_096;

    private readonly TimeSpan _flushEvery = options.Value.ListenerFlushPeriod;
    private readonly int _flushAtEntries = options.Value.ListenerFlushEntries;
    private readonly int _callsInFlight = options.Value.ListenerCallsInFlight;
    private readonly TimeSpan _holdMaxWait = options.Value.ListenerHoldMaxWait;

    private readonly object _lock = new();
    private readonly Dictionary<int, (string Id, string? Name)> _names = [];
    private readonly ListenerAcknowledgments _acknowledged = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private List<ListenerChange> _pending = [];
    private readonly SemaphoreSlim _full = new(0);
    private bool _signalled;
    private TaskCompletionSource _room = NewRoom();

    public long Flushed { get; private set; }

    /// <summary>Artist calls that failed (their changes were kept and sent again).</summary>
    public long FailedCalls => Interlocked.Read(ref _failedCalls);

    private long _failedCalls;

    /// <summary>Listener changes held now, waiting for the next flush.</summary>
    public int Held { get { lock (_lock) { return _pending.Count; } } }

    /// <summary>
    /// Changes held before <see cref="WaitForRoomAsync"/> makes the user grains wait for a flush: when the
    /// artists fall behind the plays, the streams slow down instead of this buffer growing without bound.
    /// </summary>
    public int HoldLimit { get; } = options.Value.ListenerHoldLimit;

    /// <summary>
    /// Completes at once while the buffer holds fewer than <see cref="HoldLimit"/> changes, else after the next
    /// flush takes them, or after Live:ListenerHoldMaxWait at most: a stream event must not be held past the
    /// stream cache's age (the options validator keeps the cache ages above twice this wait), and the
    /// changes are safe in the users' outboxes either way.
    /// </summary>
    public async Task WaitForRoomAsync()
    {
        Task room;
        lock (_lock)
        {
            if (_pending.Count < HoldLimit)
            {
                return;
            }

            room = _room.Task;
        }

        if (await Task.WhenAny(room, Task.Delay(_holdMaxWait)) != room)
        {
            Interlocked.Increment(ref _holdTimeouts);
            logger.LogWarning("Listener buffer still holds {Changes} changes after {Wait} ms of backpressure: the play goes on (the flush is slower than the plays)", Held, _holdMaxWait.TotalMilliseconds);
        }
    }

    /// <summary>Backpressure waits that ended at Live:ListenerHoldMaxWait instead of at a flush.</summary>
    public long HoldTimeouts => Interlocked.Read(ref _holdTimeouts);

    private long _holdTimeouts;

    private static TaskCompletionSource NewRoom() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The highest outbox entry of the user that every artist it went to has persisted, through this silo
    /// (0 when none): entries up to it may leave the user's outbox.
    /// </summary>
    public long Acknowledged(int user) => _acknowledged.Of(user);

    /// <summary>The user's outbox is empty up to <paramref name="sequence"/>: the buffer stops remembering it.</summary>
    public void Forget(int user, long sequence) => _acknowledged.Forget(user, sequence);

    /// <summary>
    /// Queues one listener change; <paramref name="name"/> (from the artists catalog) reaches an artist grain
    /// that has none yet; <paramref name="sequence"/> is the user's outbox entry it comes from (0: unnumbered).
    /// </summary>
    public void Add(string artist, int artistIndex, int user, float count, float[]? factor = null, string? name = null, long sequence = 0)
    {
        bool full;
        lock (_lock)
        {
            if (!_names.TryGetValue(artistIndex, out var known) || (known.Name is null && name is not null))
            {
                _names[artistIndex] = (artist, name);
            }

            _pending.Add(new ListenerChange(artistIndex, new ListenerPlay(user, count, factor, sequence)));
            // One wake-up per fill: many grains add at once, and only the first past the mark signals.
            full = _pending.Count >= _flushAtEntries && !_signalled;
            _signalled |= full;
            if (_pending.Count == HoldLimit)
            {
                logger.LogWarning("Listener buffer holds {Changes} changes: plays wait for the artists to catch up", HoldLimit);
            }
        }

        if (full)
        {
            _full.Release();
        }
    }

    /// <summary>
    /// Sends everything buffered now. Flushes run one at a time: a flush that starts while another is
    /// sending waits for it, so when it returns every change added before the call has been persisted by
    /// its artist, or is counted as undelivered and kept for the next flush. Training relies on that.
    /// </summary>
    public async Task<ListenerFlushResult> FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            return await SendAsync();
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task<ListenerFlushResult> SendAsync()
    {
        List<ListenerChange> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                // Idle: the list sized for the last flush (an import's flush holds a million changes, 20 MB) goes.
                if (_pending.Capacity > IdleCapacity)
                {
                    _pending = [];
                }

                return default;
            }

            batch = _pending;
            _pending = new List<ListenerChange>(Math.Min(batch.Count, HoldLimit));
            var room = _room;
            _room = NewRoom();
            room.TrySetResult();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();

        var calls = ListenerCalls.Group(CollectionsMarshal.AsSpan(batch));
        Dictionary<int, (string Id, string? Name)> names;
        lock (_lock)
        {
            names = calls.ToDictionary(c => c.Artist, c => _names[c.Artist]);
        }

        // A bounded number of calls in flight: a flush touching every artist must not queue thousands of
        // refreshes at once ahead of the plays and queries that arrive meanwhile. A slower flush simply
        // coalesces more changes into the next one.
        var sent = 0;
        var failed = new bool[batch.Count];
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = _callsInFlight }, async (call, _) =>
        {
            try
            {
                var (id, name) = names[call.Artist];
                await grains.GetGrain<IArtistGrain>(id).AddListeners(call.Artist, name, ImmutableCollectionsMarshal.AsImmutableArray(call.Plays));
                Interlocked.Add(ref sent, call.Plays.Length);
            }
            catch (Exception e)
            {
                // Kept for the next flush; the users' outboxes hold them durably meanwhile.
                logger.LogWarning(e, "Listener update of artist {Artist} ({Count} listeners) failed; kept for the next flush", names[call.Artist].Id, call.Plays.Length);
                Interlocked.Increment(ref _failedCalls);
                foreach (var p in call.Entries)
                {
                    failed[p] = true;
                }
            }
        });
        var undelivered = Settle(batch, failed);
        Flushed += sent;
        if (clock.Elapsed > _flushEvery)
        {
            logger.LogWarning("Listener flush of {Changes} changes to {Artists} artists took {Elapsed} ms, longer than the {Period} ms between flushes: artist updates lag behind plays", batch.Count, calls.Count, clock.ElapsedMilliseconds, _flushEvery.TotalMilliseconds);
        }
        else
        {
            logger.LogDebug("Listener flush of {Changes} changes to {Artists} artists took {Elapsed} ms", batch.Count, calls.Count, clock.ElapsedMilliseconds);
        }

        return new ListenerFlushResult(sent, undelivered);
    }

    /// <summary>Keeps the failed changes ahead of those added since, and acknowledges per user what the artists persisted.</summary>
    private int Settle(List<ListenerChange> batch, bool[] failed)
    {
        _acknowledged.Record(batch, failed);
        var kept = new List<ListenerChange>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (failed[i])
            {
                kept.Add(batch[i]);
            }
        }

        if (kept.Count > 0)
        {
            lock (_lock)
            {
                kept.AddRange(_pending);
                _pending = kept;
            }
        }

        return kept.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _full.WaitAsync(_flushEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            lock (_lock)
            {
                _signalled = false;
            }

            await FlushAsync();
        }

        await FlushAsync();
    }
}
