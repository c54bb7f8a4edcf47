namespace MusicRecs.Grains.Data;

/// <summary>Tells the file formats apart from the file name and the first non-blank line.</summary>
public static class FormatDetector
{
    public static DatasetFormat Detect(string path)
    {
        var first = LineSource.FirstLine(path) ?? string.Empty;
        if (System.IO.Path.GetFileName(path).Equals("user_artists.dat", StringComparison.OrdinalIgnoreCase)
            || first.StartsWith("userID\tartistID", StringComparison.OrdinalIgnoreCase))
        {
            return DatasetFormat.HetRec;
        }

        if (System.IO.Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) && Looks360k(first))
        {
            return DatasetFormat.LastFm360k;
        }

        return DatasetFormat.Delimited;
    }

    private static bool Looks360k(string line)
    {
        var fields = line.Split('\t');
        if (fields.Length != 4 || !FieldParsing.IsNumber(fields[3].Trim()))
        {
            return false;
        }

        var mbid = fields[1].Trim();
        return mbid.Length == 0 || Guid.TryParseExact(mbid, "D", out _);
    }
}
