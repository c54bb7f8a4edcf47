namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Plays accepted onto the play stream (applied asynchronously by the user grains, each id once).</summary>
public sealed record PlaysAccepted(int Accepted, int Users, int Events);
