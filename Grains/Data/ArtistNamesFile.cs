namespace MusicRecs.Grains.Data;

/// <summary>Reads <c>id&lt;TAB&gt;name[&lt;TAB&gt;...]</c> artist names, such as HetRec's <c>artists.dat</c>.</summary>
public static class ArtistNamesFile
{
    /// <summary>
    /// Names by id; the first name of an id wins. Lines without a name are passed over rather
    /// than failing the load, because names are only for display.
    /// </summary>
    public static Dictionary<string, string> Read(string path)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var source = new LineSource(path);
        var first = true;
        while (source.TryRead(out var line, out _))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            var id = line[..tab].Trim();
            var end = line.IndexOf('\t', tab + 1);
            var name = (end < 0 ? line[(tab + 1)..] : line[(tab + 1)..end]).Trim();
            var isHeader = first && id.Equals("id", StringComparison.OrdinalIgnoreCase);
            first = false;
            if (!isHeader && id.Length > 0 && name.Length > 0)
            {
                names.TryAdd(id, name);
            }
        }

        return names;
    }

    /// <summary>
    /// <c>artists.dat</c> beside a HetRec file, or one folder up, where the published dataset
    /// keeps it for files of a split stored in a subfolder; null when there is none.
    /// </summary>
    public static string? FindBeside(string dataPath)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(dataPath));
        for (var level = 0; level < 2 && folder is not null; level++)
        {
            var candidate = System.IO.Path.Combine(folder, "artists.dat");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            folder = System.IO.Path.GetDirectoryName(folder);
        }

        return null;
    }
}
