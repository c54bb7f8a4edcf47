using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>Keeps each silo's latest ingest totals and sums them (in memory: counters, not data).</summary>
public sealed class IngestStatsGrain : Grain, IIngestStatsGrain
{
    private readonly Dictionary<string, IngestTotals> _silos = new(StringComparer.Ordinal);

    public Task Report(string silo, IngestTotals totals)
    {
        _silos[silo] = totals;
        return Task.CompletedTask;
    }

    public Task<IngestTotals> GetTotals() => Task.FromResult(_silos.Values.Aggregate(IngestTotals.Zero, (a, b) => a.Add(b)));
}
