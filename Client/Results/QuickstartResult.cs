using System.Text.Json.Serialization;
using MusicRecs.Client.Connection;

namespace MusicRecs.Client.Results;

/// <summary><c>quickstart --json</c>; <c>silo_pid</c> only when the silo keeps running.</summary>
internal sealed record QuickstartResult(int GatewayPort, int SiloPort, string SiloLog, ImportSummary Import, TrainingResult Training, QuickstartSample[] Samples, bool KeptRunning)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SiloPid { get; init; }
}
