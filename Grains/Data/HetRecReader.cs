namespace MusicRecs.Grains.Data;

/// <summary>
/// Reads Last.fm HetRec 2011 <c>user_artists.dat</c> (<c>userID&lt;TAB&gt;artistID&lt;TAB&gt;weight</c>,
/// header) with names from <c>artists.dat</c>.
/// </summary>
public sealed class HetRecReader : IPlayRowReader
{
    private readonly DelimitedReader _rows;
    private readonly string? _artistsFile;
    private Dictionary<string, string> _names = [];

    /// <param name="path">The <c>user_artists.dat</c> file, or a split of it.</param>
    /// <param name="artistsFile">The names file; null to look for <c>artists.dat</c> beside the data.</param>
    public HetRecReader(string path, string? artistsFile = null)
    {
        Path = path;
        _rows = new DelimitedReader(path, '\t', allowTimestamp: false);
        _artistsFile = artistsFile;
        if (artistsFile is not null && !File.Exists(artistsFile))
        {
            throw new FileNotFoundException($"Artists file not found: {artistsFile}", artistsFile);
        }
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> ArtistNames => _names;

    public IEnumerable<PlayRow> Read(BadRowLog badRows)
    {
        foreach (var row in _rows.Read(badRows))
        {
            yield return row;
        }

        var namesFile = _artistsFile ?? ArtistNamesFile.FindBeside(Path);
        _names = namesFile is null ? [] : ArtistNamesFile.Read(namesFile);
    }
}
