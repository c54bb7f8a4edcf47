using System.Text.Json.Serialization;
using MusicRecs.Grains.Evaluation;

namespace MusicRecs.Client.Results;

/// <summary><c>evaluate --live --new-users F</c>: NDCG@10 of listeners left out of training, before (popularity), after fold-in, after a retrain.</summary>
internal sealed record NewUsersResult(
    [property: JsonPropertyName("ndcg@10_before")] double NdcgBefore,
    [property: JsonPropertyName("ndcg@10_foldin")] double NdcgFoldIn,
    [property: JsonPropertyName("ndcg@10_retrain")] double NdcgRetrain,
    double Recovery,
    int Users,
    int StreamedPairs,
    int HeldPairs)
{
    public static NewUsersResult Of(NewListenerEvaluation.Result r) => new(r.Before.Ndcg, r.FoldIn.Ndcg, r.Retrain.Ndcg, r.Recovery, r.Users, r.StreamedPairs, r.HeldPairs);
}
