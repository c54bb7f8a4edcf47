namespace MusicRecs.Silo.Http.Contracts;

/// <summary>One of the most-listened artists (by distinct listeners), by rank from 1.</summary>
public sealed record PopularItem(int Rank, string Artist, string Name, int Listeners);
