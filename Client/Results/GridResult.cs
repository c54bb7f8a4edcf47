using System.Text.Json.Serialization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Results;

/// <summary><c>grid --json</c>: how many settings were scored on the test set, the best of them and its NDCG@10.</summary>
internal sealed record GridResult(int Settings, AlsOptions Best, [property: JsonPropertyName("best_ndcg@10")] double BestNdcg, string? Csv);
