using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// Collects listener-count changes from the user grains of this silo and sends them to the artist
/// grains in batches, one call per artist per flush, when the buffer is large or every
/// <see cref="FlushEvery"/>: a hot artist never gets one call per play.
/// </summary>
public sealed class ListenerBuffer(IGrainFactory grains, ILogger<ListenerBuffer> logger) : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(250);
    private const int FlushAtEntries = 50_000;

    private readonly object _lock = new();
    private Dictionary<string, (int Index, List<ListenerPlay> Plays)> _pending = new(StringComparer.Ordinal);
    private int _entries;
    private readonly SemaphoreSlim _full = new(0, 1);

    public long Flushed { get; private set; }

    public void Add(string artist, int artistIndex, int user, float count, float[]? factor = null)
    {
        bool full;
        lock (_lock)
        {
            if (!_pending.TryGetValue(artist, out var entry))
            {
                entry = (artistIndex, []);
                _pending[artist] = entry;
            }

            entry.Plays.Add(new ListenerPlay(user, count, factor));
            full = ++_entries >= FlushAtEntries;
        }

        if (full && _full.CurrentCount == 0)
        {
            _full.Release();
        }
    }

    /// <summary>Sends everything buffered now; returns how many listener changes went out.</summary>
    public async Task<int> FlushAsync()
    {
        Dictionary<string, (int Index, List<ListenerPlay> Plays)> batch;
        lock (_lock)
        {
            batch = _pending;
            _pending = new(StringComparer.Ordinal);
            _entries = 0;
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        await Task.WhenAll(batch.Select(async kv =>
        {
            try
            {
                await grains.GetGrain<IArtistGrain>(kv.Key).AddListeners(kv.Value.Index, null, [.. kv.Value.Plays]);
                Interlocked.Add(ref sent, kv.Value.Plays.Count);
            }
            catch (Exception e)
            {
                // The user grains hold the plays durably; a lost listener update is repaired by the next import or retrain.
                logger.LogError(e, "Listener update of artist {Artist} ({Count} listeners) failed", kv.Key, kv.Value.Plays.Count);
            }
        }));
        Flushed += sent;
        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _full.WaitAsync(FlushEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await FlushAsync();
        }

        await FlushAsync();
    }
}
