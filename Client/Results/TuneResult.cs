using System.Text.Json.Serialization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Results;

/// <summary><c>tune --json</c>: the best setting, its validation NDCG@10, and its test metrics when there is a test set.</summary>
internal sealed record TuneResult(AlsOptions Best, [property: JsonPropertyName("validation_ndcg@10")] double ValidationNdcg, int SettingsTried)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, object>? Test { get; init; }
}
