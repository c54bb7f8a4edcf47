using System.Text;

namespace MusicRecs.Grains.Data;

/// <summary>Splits a line into trimmed fields, optionally honouring double-quoted CSV fields.</summary>
internal static class FieldSplitter
{
    /// <summary>
    /// Fills <paramref name="fields"/>; false when a quoted field is not closed on the line.
    /// Quoting is opt-in because tab-separated music data has names such as <c>"Weird Al" Yankovic</c>.
    /// </summary>
    public static bool Split(string line, char delimiter, bool quoted, List<string> fields)
    {
        fields.Clear();
        var start = 0;
        while (true)
        {
            var first = quoted ? FirstNonSpace(line, start) : start;
            if (quoted && first < line.Length && line[first] == '"')
            {
                if (!TryReadQuoted(line, first, delimiter, fields, out var next))
                {
                    return false;
                }

                if (next >= line.Length)
                {
                    return true;
                }

                start = next + 1;
                continue;
            }

            var end = line.IndexOf(delimiter, start);
            if (end < 0)
            {
                fields.Add(line[start..].Trim());
                return true;
            }

            fields.Add(line[start..end].Trim());
            start = end + 1;
        }
    }

    private static int FirstNonSpace(string line, int start)
    {
        while (start < line.Length && line[start] == ' ')
        {
            start++;
        }

        return start;
    }

    // Reads "..." with "" as an escaped quote; text after the closing quote is kept as is.
    private static bool TryReadQuoted(string line, int quote, char delimiter, List<string> fields, out int delimiterAt)
    {
        var value = new StringBuilder();
        var p = quote + 1;
        while (true)
        {
            if (p >= line.Length)
            {
                delimiterAt = line.Length;
                return false;
            }

            if (line[p] == '"')
            {
                if (p + 1 < line.Length && line[p + 1] == '"')
                {
                    value.Append('"');
                    p += 2;
                    continue;
                }

                p++;
                break;
            }

            value.Append(line[p++]);
        }

        var end = line.IndexOf(delimiter, p);
        delimiterAt = end < 0 ? line.Length : end;
        value.Append(line.AsSpan(p, delimiterAt - p).TrimEnd());
        fields.Add(value.ToString());
        return true;
    }
}
