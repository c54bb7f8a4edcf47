using System.Text.Json.Serialization;

namespace MusicRecs.Client.Results;

/// <summary><c>evaluate --seeds N</c>: ALS metrics as mean and standard error over N training seeds.</summary>
internal sealed record SeedsResult(
    int Count,
    int FirstSeed,
    [property: JsonPropertyName("ndcg@10")] double Ndcg,
    [property: JsonPropertyName("ndcg@10_stderr")] double NdcgStderr,
    [property: JsonPropertyName("precision@10")] double Precision,
    [property: JsonPropertyName("precision@10_stderr")] double PrecisionStderr,
    [property: JsonPropertyName("map@10")] double Map,
    [property: JsonPropertyName("map@10_stderr")] double MapStderr);
