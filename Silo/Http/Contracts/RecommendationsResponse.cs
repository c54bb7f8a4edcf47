namespace MusicRecs.Silo.Http.Contracts;

/// <summary>A user's recommendations: model version and source (model, fold_in or popularity).</summary>
public sealed record RecommendationsResponse(string User, int ModelVersion, string Source, IReadOnlyList<ScoredItem> Items);
