namespace MusicRecs.Client.Connection;

/// <summary>
/// What an import sent: user-artist rows, the users and artists they name, and how fast; the producer its plays
/// were numbered under, and what the user grains did with them (applied, applied before, rejected as bad data
/// or as too old), and calls retried after a transient failure.
/// </summary>
internal sealed record ImportSummary(long Rows, int Users, int Artists, long UserCalls, long ArtistCalls, double Seconds, int CatalogUsers, int CatalogArtists)
{
    public double PlaysPerSecond => Rows / Math.Max(Seconds, 1e-9);

    public string Producer { get; init; } = "";

    public long Applied { get; init; }

    public long Duplicates { get; init; }

    public long Rejected { get; init; }

    public long TooOld { get; init; }

    public long Retries { get; init; }

    public string Describe() =>
        $"imported {Rows:N0} user-artist rows ({Users:N0} users, {Artists:N0} artists) in {Seconds:F1}s: {PlaysPerSecond:N0} plays/s; "
        + $"{Applied:N0} applied, {Duplicates:N0} sent before (producer {Producer}); "
        + $"the cluster now has {CatalogUsers:N0} users and {CatalogArtists:N0} artists";
}
