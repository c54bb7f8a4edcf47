using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// Collects the artist factors this silo's artist grains refresh and sends them to the model's delta
/// grain in one call every <see cref="LiveOptions.DeltaFlushPeriod"/> (latest factor per artist): the delta grain takes a
/// batch per silo per flush, not a call per refresh.
/// </summary>
public sealed class ArtistFactorBuffer(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<ArtistFactorBuffer> logger) : BackgroundService
{
    private readonly TimeSpan _flushEvery = options.Value.DeltaFlushPeriod;

    private readonly object _lock = new();
    private Dictionary<(string Model, int Version), Dictionary<int, float[]>> _pending = [];

    public void Add(string model, int version, int artist, float[] factor)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue((model, version), out var factors))
            {
                factors = [];
                _pending[(model, version)] = factors;
            }

            factors[artist] = factor;
        }
    }

    /// <summary>Sends everything buffered now; returns how many factors went out.</summary>
    public async Task<int> FlushAsync()
    {
        Dictionary<(string Model, int Version), Dictionary<int, float[]>> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return 0;
            }

            batch = _pending;
            _pending = [];
        }

        var sent = 0;
        foreach (var ((model, version), factors) in batch.OrderBy(b => b.Key.Version))
        {
            try
            {
                await grains.GetGrain<IModelDeltaGrain>(model).PutMany(version, [.. factors.Select(f => new ArtistFactor(f.Key, f.Value))]);
                sent += factors.Count;
            }
            catch (Exception e)
            {
                // Queries keep the factors they have; the artists refresh again on their next listener change.
                logger.LogError(e, "Sending {Count} refreshed artist factors of model {Model} version {Version} failed", factors.Count, model, version);
            }
        }

        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_flushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last flush follows.
        }

        await FlushAsync();
    }
}
