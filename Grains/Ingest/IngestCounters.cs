using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Ingest;

/// <summary>This silo's ingest counters, reported to the cluster's stats grain once a second.</summary>
public sealed class IngestCounters(IGrainFactory grains, ILocalSiloDetails silo, ILogger<IngestCounters> logger) : BackgroundService
{
    private long _plays;
    private long _events;
    private long _foldIns;
    private long _duplicates;
    private long _rejected;
    private long _tooOld;

    public void Applied(int plays) { Interlocked.Add(ref _plays, plays); Interlocked.Increment(ref _events); }

    public void FoldedIn() => Interlocked.Increment(ref _foldIns);

    public void Duplicate(int events = 1) => Interlocked.Add(ref _duplicates, events);

    public void Rejected(int events = 1) => Interlocked.Add(ref _rejected, events);

    /// <summary>Events rejected as too old: below their producer's dedupe floor.</summary>
    public void TooOld(int events = 1) => Interlocked.Add(ref _tooOld, events);

    public IngestTotals Totals => new(Interlocked.Read(ref _plays), Interlocked.Read(ref _events), Interlocked.Read(ref _foldIns), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _rejected), Interlocked.Read(ref _tooOld));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = IngestTotals.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Totals;
                if (now == last)
                {
                    continue;
                }

                try
                {
                    await grains.GetGrain<IIngestStatsGrain>("default").Report(silo.SiloAddress.ToString(), now);
                    last = now;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not report ingest counters; retrying in a second");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
