using System.Globalization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Whether a test set looks like a uniform per-user draw, judged by which rows it holds (never by how
/// a model scores on it), so the tuner can carve its validation draws the same way. Two statistics are
/// compared with the same statistics of uniform redraws of the same per-user counts, as z-scores:
/// how often two artists adjacent in id order are held out together (a hash of the ids clusters them),
/// and the mean log listener count of held-out artists (an artist-keyed hash shifts it).
/// </summary>
public sealed record TestSetProfile(double AdjacencyZ, double PopularityZ)
{
    /// <summary>Beyond this |z| a test set is not a uniform draw (uniform splits of Last.fm stay within 1.5).</summary>
    public const double Limit = 5.0;

    public bool LooksUniform => Math.Abs(AdjacencyZ) < Limit && Math.Abs(PopularityZ) < Limit;

    public static TestSetProfile Of(CsrMatrix train, CsrMatrix test, IReadOnlyList<string> artistIds, int redraws = 8, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(artistIds);
        var all = CsrOps.Merge(train, test);
        var rank = IdRanks(artistIds, all.Columns);
        var logListeners = new double[all.Columns];
        foreach (var a in all.ColumnIndexes)
        {
            logListeners[a]++;
        }

        for (var a = 0; a < logListeners.Length; a++)
        {
            logListeners[a] = Math.Log(Math.Max(1, logListeners[a]));
        }

        var observed = Statistics(all, test, rank, logListeners, held: null);
        var random = new Random(seed);
        var sims = new (double Adjacent, double Popularity)[redraws];
        for (var s = 0; s < redraws; s++)
        {
            var held = new bool[all.NonZeros];
            for (var u = 0; u < all.Rows; u++)
            {
                var t = test.RowLength(u);
                var start = all.RowStarts[u];
                var picks = Enumerable.Range(0, all.RowLength(u)).ToArray();
                random.Shuffle(picks);
                foreach (var p in picks.Take(t))
                {
                    held[start + p] = true;
                }
            }

            sims[s] = Statistics(all, test, rank, logListeners, held);
        }

        return new TestSetProfile(Z(observed.Adjacent, sims.Select(x => x.Adjacent)), Z(observed.Popularity, sims.Select(x => x.Popularity)));
    }

    /// <summary>Adjacent held-out pairs (in id order, per user) and the mean log listeners of held-out rows.</summary>
    private static (double Adjacent, double Popularity) Statistics(CsrMatrix all, CsrMatrix test, int[] rank, double[] logListeners, bool[]? held)
    {
        long adjacent = 0, count = 0;
        double popularity = 0;
        var row = new List<(int Rank, bool Held)>();
        for (var u = 0; u < all.Rows; u++)
        {
            if (test.RowLength(u) == 0)
            {
                continue;
            }

            row.Clear();
            var testRow = test.RowIndexes(u);
            for (var p = all.RowStarts[u]; p < all.RowStarts[u + 1]; p++)
            {
                var a = all.ColumnIndexes[p];
                var isHeld = held?[p] ?? testRow.BinarySearch(a) >= 0;
                row.Add((rank[a], isHeld));
                if (isHeld)
                {
                    popularity += logListeners[a];
                    count++;
                }
            }

            row.Sort((x, y) => x.Rank.CompareTo(y.Rank));
            for (var i = 1; i < row.Count; i++)
            {
                if (row[i].Held && row[i - 1].Held)
                {
                    adjacent++;
                }
            }
        }

        return (adjacent, count > 0 ? popularity / count : 0);
    }

    /// <summary>Each artist's place in id order: numeric when every id is a number, else ordinal.</summary>
    private static int[] IdRanks(IReadOnlyList<string> ids, int columns)
    {
        var order = Enumerable.Range(0, columns).ToArray();
        var numeric = new long[columns];
        var allNumeric = true;
        for (var a = 0; a < columns; a++)
        {
            allNumeric &= a < ids.Count && long.TryParse(ids[a], NumberStyles.Integer, CultureInfo.InvariantCulture, out numeric[a]);
        }

        if (allNumeric)
        {
            Array.Sort(numeric.ToArray(), order);
        }
        else
        {
            Array.Sort(order, (x, y) => string.CompareOrdinal(x < ids.Count ? ids[x] : string.Empty, y < ids.Count ? ids[y] : string.Empty));
        }

        var rank = new int[columns];
        for (var i = 0; i < columns; i++)
        {
            rank[order[i]] = i;
        }

        return rank;
    }

    private static double Z(double observed, IEnumerable<double> sims)
    {
        var s = MeanStderr.Of(sims.ToArray());
        var sd = s.Stderr * Math.Sqrt(s.Count);
        return sd > 0 ? (observed - s.Mean) / sd : 0;
    }
}
