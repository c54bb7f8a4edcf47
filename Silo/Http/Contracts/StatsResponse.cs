namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Cluster-wide ingest totals since the silos started, the published model and training progress: the live panel's feed.</summary>
public sealed record StatsResponse(DateTimeOffset At, long PlaysApplied, long Events, long FoldIns, long Duplicates, long Rejected, long AnonymousFoldIns, int ModelVersion, double? ModelAgeSeconds, TrainingResponse Training);
