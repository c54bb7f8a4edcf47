using System.Text.Json.Serialization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Results;

/// <summary>
/// <c>tune --json</c>: the best setting, its mean validation NDCG@10 over the validation draws with that
/// mean's standard error and the number of draws, and its test metrics when there is a test set.
/// </summary>
internal sealed record TuneResult(
    AlsOptions Best,
    [property: JsonPropertyName("validation_ndcg@10")] double ValidationNdcg,
    [property: JsonPropertyName("validation_ndcg@10_stderr")] double ValidationNdcgStderr,
    int Folds,
    int SettingsTried)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, object>? Test { get; init; }
}
