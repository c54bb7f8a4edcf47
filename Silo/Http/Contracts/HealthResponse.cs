namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Liveness or readiness of this silo.</summary>
public sealed record HealthResponse(string Status, bool InCluster, int ModelVersion, string? Reason);
