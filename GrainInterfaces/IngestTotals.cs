namespace MusicRecs.GrainInterfaces;

/// <summary>What the user grains of one silo (or, summed, of the cluster) applied from the play stream since they started.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.IngestTotals")]
public sealed record IngestTotals(
    [property: Id(0)] long Plays,
    [property: Id(1)] long Events,
    [property: Id(2)] long FoldIns,
    [property: Id(3)] long Duplicates,
    [property: Id(4)] long Rejected,
    [property: Id(5)] long TooOld = 0)
{
    public static readonly IngestTotals Zero = new(0, 0, 0, 0, 0);

    public IngestTotals Add(IngestTotals o) => new(Plays + o.Plays, Events + o.Events, FoldIns + o.FoldIns, Duplicates + o.Duplicates, Rejected + o.Rejected, TooOld + o.TooOld);
}
