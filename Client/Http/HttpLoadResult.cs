namespace MusicRecs.Client.Http;

/// <summary>Timings of one HTTP load run: requests, callers, wall seconds, latency percentiles in microseconds, failures.</summary>
internal sealed record HttpLoadResult(int Requests, int Callers, double Seconds, double P50Us, double P99Us, double MeanUs, int Failures, string? FirstFailure)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}
