using System.Globalization;

namespace MusicRecs.Tests.Processes;

internal static class Datasets
{
    /// <summary>The first distinct user ids of a user/artist/count file (header and bad lines skipped).</summary>
    public static IReadOnlyList<string> FirstUsers(string path, int count) =>
        [.. File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 3 && double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(f => f[0])
            .Distinct()
            .Take(count)];
}
