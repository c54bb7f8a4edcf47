namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench chaos --json</c>. <see cref="Rows"/>, <see cref="PlaysSent"/> and <see cref="ResentPlays"/> count play
/// events (one per file row: the whole file, then the slice sent again); the other play figures are sums of play
/// counts (<see cref="ExpectedPlays"/>: the file's). <see cref="Lost"/> and <see cref="Duplicated"/>
/// compare the users' side with the file pair by pair (sum of the shortfalls, sum of the excesses);
/// <see cref="ArtistLost"/> and <see cref="ArtistDuplicated"/> do the same for the artists' listener lists.
/// </summary>
internal sealed record ChaosBenchResult
{
    public int Silos { get; init; }

    public long Rows { get; init; }

    public long PlaysSent { get; init; }

    public long ResentPlays { get; init; }

    public double ExpectedPlays { get; init; }

    public double UserSidePlays { get; init; }

    public double ArtistSidePlays { get; init; }

    public double Lost { get; init; }

    public double Duplicated { get; init; }

    public double ArtistLost { get; init; }

    public double ArtistDuplicated { get; init; }

    public long MismatchedPairs { get; init; }

    public long PendingDeltas { get; init; }

    public bool Consistent { get; init; }

    public int Kills { get; init; }

    public bool OrchestratorKilled { get; init; }

    public bool TrainingCompleted { get; init; }

    public int TrainingResumes { get; init; }

    public bool TrainingEqualToUndisturbed { get; init; }

    public double MaxFactorDifference { get; init; }

    public double? FinalLoss { get; init; }

    public double? UndisturbedFinalLoss { get; init; }

    public double Seconds { get; init; }
}
