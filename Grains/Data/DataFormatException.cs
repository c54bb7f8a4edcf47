using System.Text;

namespace MusicRecs.Grains.Data;

/// <summary>
/// A data file had rows that could not be used. Thrown after the whole file was read, so one
/// run shows every problem instead of one per attempt.
/// </summary>
public sealed class DataFormatException : Exception
{
    private const int RowsInMessage = 20;

    public DataFormatException(string file, IReadOnlyList<BadRow> badRows, long badRowCount)
        : base(BuildMessage(file, badRows, badRowCount))
    {
        File = file;
        BadRows = badRows;
        BadRowCount = Math.Max(badRowCount, badRows.Count);
    }

    public string File { get; }

    /// <summary>The bad rows kept; a wholly malformed file keeps only the first ones (see <see cref="BadRowCount"/>).</summary>
    public IReadOnlyList<BadRow> BadRows { get; }

    public long BadRowCount { get; }

    private static string BuildMessage(string file, IReadOnlyList<BadRow> badRows, long badRowCount)
    {
        var total = Math.Max(badRowCount, badRows.Count);
        var text = new StringBuilder();
        text.Append(file).Append(": ").Append(total).Append(total == 1 ? " bad row; nothing was loaded." : " bad rows; nothing was loaded.");
        var shown = Math.Min(RowsInMessage, badRows.Count);
        for (var i = 0; i < shown; i++)
        {
            text.AppendLine().Append("  ").Append(badRows[i].ToString());
        }

        if (total > shown)
        {
            text.AppendLine().Append("  ... and ").Append(total - shown).Append(" more");
        }

        return text.ToString();
    }
}
