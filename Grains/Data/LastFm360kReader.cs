namespace MusicRecs.Grains.Data;

/// <summary>
/// Reads Last.fm 360K <c>usersha1-artmbid-artname-plays.tsv</c>: user sha1, artist MBID (may be
/// empty), artist name, plays; no header. The artist id is the MBID when there is one, because
/// names are spelled inconsistently, and the name otherwise.
/// </summary>
public sealed class LastFm360kReader : IPlayRowReader
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public LastFm360kReader(string path) => Path = path;

    public string Path { get; }

    public IReadOnlyDictionary<string, string> ArtistNames => _names;

    public IEnumerable<PlayRow> Read(BadRowLog badRows)
    {
        using var source = new LineSource(Path);
        var fields = new List<string>(5);
        while (source.TryRead(out var line, out var lineNumber))
        {
            FieldSplitter.Split(line, '\t', quoted: false, fields);
            if (fields.Count != 4)
            {
                badRows.Add(lineNumber, $"{fields.Count} columns, expected 4");
                continue;
            }

            var (user, mbid, name, plays) = (fields[0], fields[1], fields[2], fields[3]);
            if (user.Length == 0)
            {
                badRows.Add(lineNumber, "user is empty");
                continue;
            }

            if (mbid.Length == 0 && name.Length == 0)
            {
                badRows.Add(lineNumber, "artist MBID and name are both empty");
                continue;
            }

            if (!FieldParsing.TryCount(plays, out var count, out var reason))
            {
                badRows.Add(lineNumber, reason);
                continue;
            }

            var artist = mbid.Length > 0 ? mbid : name;
            if (mbid.Length > 0 && name.Length > 0)
            {
                _names.TryAdd(mbid, name);
            }

            yield return new PlayRow(user, artist, count, null, lineNumber);
        }
    }
}
