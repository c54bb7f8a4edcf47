namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Cluster-wide ingest totals since the silos started, the latest sampled play-to-fresh latency of plays sent over HTTP, the published model and training progress: the live panel's feed.</summary>
public sealed record StatsResponse(DateTimeOffset At, long PlaysApplied, long Events, long FoldIns, long Duplicates, long Rejected, long AnonymousFoldIns, double? PlayToFreshMs, int ModelVersion, double? ModelAgeSeconds, TrainingResponse Training);
