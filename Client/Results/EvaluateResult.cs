using System.Text.Json.Serialization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Results;

/// <summary><c>evaluate --json</c>: the metrics of ALS and of the popularity baseline (keyed as the evaluator names them), and the options used.</summary>
internal sealed record EvaluateResult(Dictionary<string, object> Als, Dictionary<string, object> Popularity, AlsOptions Options, double TrainSeconds, double FinalLoss)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LiveResult? Live { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SeedsResult? Seeds { get; init; }
}
