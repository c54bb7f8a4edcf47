namespace MusicRecs.Client.Connection;

/// <summary>What an import sent: user-artist rows, the users and artists they name, and how fast.</summary>
internal sealed record ImportSummary(long Rows, int Users, int Artists, long UserCalls, long ArtistCalls, double Seconds, int CatalogUsers, int CatalogArtists)
{
    public double PlaysPerSecond => Rows / Math.Max(Seconds, 1e-9);

    public Dictionary<string, object?> ToJson() => new()
    {
        ["rows"] = Rows,
        ["users"] = Users,
        ["artists"] = Artists,
        ["plays_per_second"] = PlaysPerSecond,
        ["seconds"] = Seconds,
        ["user_calls"] = UserCalls,
        ["artist_calls"] = ArtistCalls,
        ["catalog_users"] = CatalogUsers,
        ["catalog_artists"] = CatalogArtists,
    };
}
