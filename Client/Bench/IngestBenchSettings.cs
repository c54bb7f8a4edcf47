namespace MusicRecs.Client.Bench;

/// <summary>What <c>bench ingest</c> was asked for: publishing time, plays per event, probes, and the streams.</summary>
internal sealed record IngestBenchSettings(double Seconds, int Batch, int Probes, string Streams, string? QueuesConnectionString, string? SiloLog);
