using MusicRecs.Client.Check;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>
/// One side of the cluster's plays against the file, pair by pair: lost = sum of (file - side) where the side
/// holds less, duplicated = sum of (side - file) where it holds more (pairs the file lacks count whole). Differences
/// within the check's float tolerance count as none.
/// </summary>
internal static class ChaosTally
{
    public static (double Lost, double Duplicated) UserSide(Dataset data, ClusterPlays plays)
    {
        var actual = new Dictionary<(int, int), double>();
        for (var u = 0; u < plays.Histories.Length; u++)
        {
            var user = DatasetIndex(data.Users, plays.Users, u);
            foreach (var p in plays.Histories[u].Plays)
            {
                Add(actual, (user, DatasetIndex(data.Artists, plays.Artists, p.Artist)), p.Count);
            }
        }

        return Against(data, actual);
    }

    public static (double Lost, double Duplicated) ArtistSide(Dataset data, ClusterPlays plays)
    {
        var actual = new Dictionary<(int, int), double>();
        for (var a = 0; a < plays.Listeners.Length; a++)
        {
            var artist = DatasetIndex(data.Artists, plays.Artists, a);
            var o = plays.Listeners[a];
            for (var t = 0; t < o.Indexes.Length; t++)
            {
                Add(actual, (DatasetIndex(data.Users, plays.Users, o.Indexes[t]), artist), o.Counts[t]);
            }
        }

        return Against(data, actual);
    }

    private static (double Lost, double Duplicated) Against(Dataset data, Dictionary<(int User, int Artist), double> actual)
    {
        double lost = 0, duplicated = 0;
        var m = data.Plays;
        for (var u = 0; u < m.Rows; u++)
        {
            for (var p = m.RowStarts[u]; p < m.RowStarts[u + 1]; p++)
            {
                var key = (u, m.ColumnIndexes[p]);
                var expected = (double)m.Values[p];
                var got = actual.Remove(key, out var value) ? value : 0;
                if (!CheckComparison.Same(expected, got))
                {
                    lost += Math.Max(0, expected - got);
                    duplicated += Math.Max(0, got - expected);
                }
            }
        }

        duplicated += actual.Values.Sum();
        return (lost, duplicated);
    }

    private static void Add(Dictionary<(int, int), double> counts, (int, int) key, double count) =>
        counts[key] = counts.GetValueOrDefault(key) + count;

    /// <summary>The file's index of the cluster's id at <paramref name="position"/>; ids the file lacks get distinct negative keys.</summary>
    private static int DatasetIndex(IdIndex file, CatalogIds catalog, int position) =>
        file.TryGet(catalog.Name(position), out var index) ? index : -1 - position;
}
