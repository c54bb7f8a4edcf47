namespace MusicRecs.Grains.Data;

/// <summary>What reading one file produced, before it becomes a matrix.</summary>
internal sealed class FileRows(TripleBuffer triples, long rows, BadRowLog badRows, IReadOnlyDictionary<string, string> artistNames)
{
    public TripleBuffer Triples { get; } = triples;

    public long Rows { get; } = rows;

    public BadRowLog BadRows { get; } = badRows;

    public IReadOnlyDictionary<string, string> ArtistNames { get; } = artistNames;
}
