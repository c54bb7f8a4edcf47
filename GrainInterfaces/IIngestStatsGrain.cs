namespace MusicRecs.GrainInterfaces;

/// <summary>Cluster-wide ingest counters (key "default"): every silo reports its totals about once a second.</summary>
[Alias("MusicRecs.IIngestStatsGrain")]
public interface IIngestStatsGrain : IGrainWithStringKey
{
    [Alias("Report")]
    Task Report(string silo, IngestTotals totals);

    [Alias("GetTotals")]
    Task<IngestTotals> GetTotals();
}
