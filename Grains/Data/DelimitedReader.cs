namespace MusicRecs.Grains.Data;

/// <summary>
/// Reads <c>user,artist,count[,timestamp]</c> rows. The delimiter is tab when the first line
/// has one, else comma; the first line is a header when its count field is not a number.
/// </summary>
public sealed class DelimitedReader : IPlayRowReader
{
    private static readonly Dictionary<string, string> NoNames = [];
    private readonly char? _delimiter;
    private readonly bool _allowTimestamp;

    /// <param name="path">The file.</param>
    /// <param name="delimiter">Fixed delimiter, or null to detect it from the first line.</param>
    /// <param name="allowTimestamp">Whether a fourth (timestamp) column is accepted.</param>
    public DelimitedReader(string path, char? delimiter = null, bool allowTimestamp = true)
    {
        Path = path;
        _delimiter = delimiter;
        _allowTimestamp = allowTimestamp;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> ArtistNames => NoNames;

    public IEnumerable<PlayRow> Read(BadRowLog badRows)
    {
        using var source = new LineSource(Path);
        if (!source.TryRead(out var line, out var lineNumber))
        {
            yield break;
        }

        var delimiter = _delimiter ?? (line.Contains('\t') ? '\t' : ',');

        // Quotes are a CSV convention; in tab-separated files they are part of names.
        var quoted = delimiter == ',';
        var maxColumns = _allowTimestamp ? 4 : 3;
        var fields = new List<string>(maxColumns + 1);

        if (FieldSplitter.Split(line, delimiter, quoted, fields) && fields.Count >= 3 && !FieldParsing.IsNumber(fields[2]))
        {
            if (!source.TryRead(out line, out lineNumber))
            {
                yield break;
            }
        }

        do
        {
            if (TryParse(line, lineNumber, delimiter, quoted, maxColumns, fields, out var row, out var reason))
            {
                yield return row;
            }
            else
            {
                badRows.Add(lineNumber, reason);
            }
        }
        while (source.TryRead(out line, out lineNumber));
    }

    private static bool TryParse(string line, long lineNumber, char delimiter, bool quoted, int maxColumns, List<string> fields, out PlayRow row, out string reason)
    {
        row = default;
        if (!FieldSplitter.Split(line, delimiter, quoted, fields))
        {
            reason = "a quoted field is not closed";
            return false;
        }

        if (fields.Count < 3 || fields.Count > maxColumns)
        {
            var expected = maxColumns == 3 ? "3" : "3 or 4";
            reason = $"{fields.Count} columns, expected {expected}";
            return false;
        }

        if (fields[0].Length == 0 || fields[1].Length == 0)
        {
            reason = fields[0].Length == 0 ? "user is empty" : "artist is empty";
            return false;
        }

        if (!FieldParsing.TryCount(fields[2], out var count, out reason))
        {
            return false;
        }

        long? timestamp = null;
        if (fields.Count == 4 && !FieldParsing.TryTimestamp(fields[3], out timestamp, out reason))
        {
            return false;
        }

        row = new PlayRow(fields[0], fields[1], count, timestamp, lineNumber);
        return true;
    }
}
