namespace MusicRecs.Client.Connection;

/// <summary>What an import sent: user-artist rows, the users and artists they name, and how fast.</summary>
internal sealed record ImportSummary(long Rows, int Users, int Artists, long UserCalls, long ArtistCalls, double Seconds, int CatalogUsers, int CatalogArtists)
{
    public double PlaysPerSecond => Rows / Math.Max(Seconds, 1e-9);

    public string Describe() =>
        $"imported {Rows:N0} user-artist rows ({Users:N0} users, {Artists:N0} artists) in {Seconds:F1}s: {PlaysPerSecond:N0} plays/s; "
        + $"the cluster now has {CatalogUsers:N0} users and {CatalogArtists:N0} artists";
}
