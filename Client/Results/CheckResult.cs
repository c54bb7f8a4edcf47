namespace MusicRecs.Client.Results;

/// <summary>
/// <c>check --json</c>: both sides of the plays after the users settled their outboxes and the silos flushed.
/// <see cref="Consistent"/> is true when no pair differs, nothing is still owed and the catalogs agree with their grains.
/// </summary>
internal sealed record CheckResult(
    bool Consistent,
    int Users,
    int Artists,
    double UserSidePlays,
    double ArtistSidePlays,
    long MismatchedPairs,
    long PendingDeltas,
    int CatalogErrors,
    CheckMismatchResult[] FirstMismatches,
    double Seconds);
