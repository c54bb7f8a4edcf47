using System.Text.Json.Serialization;
using MusicRecs.Client.Connection;

namespace MusicRecs.Client.Results;

/// <summary><c>quickstart --json</c>; <c>silo_pid</c> only when the silo keeps running; <c>web_url</c> and <c>api_key</c> once the page answered.</summary>
internal sealed record QuickstartResult(int GatewayPort, int SiloPort, string SiloLog, ImportSummary Import, TrainingResult Training, QuickstartSample[] Samples, bool KeptRunning)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SiloPid { get; init; }

    /// <summary>The web page (with the HTTP API) the silo serves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebUrl { get; init; }

    /// <summary>The API key this run gave the silo (X-Api-Key for plays and training).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiKey { get; init; }
}
