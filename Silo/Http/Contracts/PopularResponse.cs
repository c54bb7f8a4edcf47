namespace MusicRecs.Silo.Http.Contracts;

/// <summary>The most-listened artists of the published model: what users without a factor get.</summary>
public sealed record PopularResponse(int ModelVersion, IReadOnlyList<PopularItem> Items);
