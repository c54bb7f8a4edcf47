using System.Text.Json.Serialization;
using MusicRecs.Grains.Evaluation;

namespace MusicRecs.Client.Results;

/// <summary><c>evaluate --live</c>: NDCG@10 before fold-in, after it and after a retrain.</summary>
internal sealed record LiveResult(
    [property: JsonPropertyName("ndcg@10_before")] double NdcgBefore,
    [property: JsonPropertyName("ndcg@10_foldin")] double NdcgFoldIn,
    [property: JsonPropertyName("ndcg@10_retrain")] double NdcgRetrain,
    double Recovery,
    int StreamedPairs,
    int HeldPairs)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NewUsersResult? NewUsers { get; init; }

    public static LiveResult Of(LiveEvaluation.Result r) => new(r.Before.Ndcg, r.FoldIn.Ndcg, r.Retrain.Ndcg, r.Recovery, r.StreamedPairs, r.HeldPairs);
}
