using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>Random per-user hold-out split of a play-count matrix.</summary>
public static class Holdout
{
    /// <summary>
    /// For every user with at least <paramref name="minRowsPerUser"/> artists, moves
    /// t = max(1, round(testFraction · n)) of its n artists (midpoints rounded away from zero) to the
    /// test matrix, chosen uniformly at random; everything else stays in the training matrix.
    /// Both results have the input's shape and keep the play counts. User u draws from its own
    /// <see cref="Random"/> seeded from (seed, u), so the split of a user does not depend on the others.
    /// </summary>
    public static (CsrMatrix Train, CsrMatrix Test) Split(CsrMatrix plays, double testFraction = 0.2, int minRowsPerUser = 5, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(plays);
        if (!(testFraction > 0.0 && testFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minRowsPerUser);

        var rows = plays.Rows;
        var inTest = new bool[plays.NonZeros];
        var order = new List<int>();
        for (var u = 0; u < rows; u++)
        {
            var n = plays.RowLength(u);
            if (n >= minRowsPerUser)
            {
                var t = Math.Clamp((int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero), 1, n);
                PickTest(plays.RowStarts[u], n, t, new Random(UserSeed(seed, u)), order, inTest);
            }
        }

        return (Extract(plays, inTest, test: false), Extract(plays, inTest, test: true));
    }

    /// <summary>
    /// The same per-user shares as <see cref="Split"/>, but user u sends to test the t entries with the
    /// smallest <paramref name="key"/>(u, artist) (ties: the lower artist index), so the choice is a
    /// deterministic function of the ids rather than a uniform draw.
    /// </summary>
    public static (CsrMatrix Train, CsrMatrix Test) SplitByKey(CsrMatrix plays, double testFraction, int minRowsPerUser, Func<int, int, ulong> key)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(key);
        if (!(testFraction > 0.0 && testFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minRowsPerUser);
        var inTest = new bool[plays.NonZeros];
        var order = new List<(ulong Key, int Column, int Position)>();
        for (var u = 0; u < plays.Rows; u++)
        {
            var n = plays.RowLength(u);
            if (n < minRowsPerUser)
            {
                continue;
            }

            var t = Math.Clamp((int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero), 1, n);
            order.Clear();
            for (var p = plays.RowStarts[u]; p < plays.RowStarts[u + 1]; p++)
            {
                order.Add((key(u, plays.ColumnIndexes[p]), plays.ColumnIndexes[p], p));
            }

            order.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Column.CompareTo(b.Column));
            for (var i = 0; i < t; i++)
            {
                inTest[order[i].Position] = true;
            }
        }

        return (Extract(plays, inTest, test: false), Extract(plays, inTest, test: true));
    }

    /// <summary>Partial Fisher–Yates shuffle: the first t positions of a random permutation go to test.</summary>
    private static void PickTest(int start, int n, int t, Random random, List<int> order, bool[] inTest)
    {
        order.Clear();
        for (var i = 0; i < n; i++)
        {
            order.Add(i);
        }

        for (var i = 0; i < t; i++)
        {
            var j = random.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
            inTest[start + order[i]] = true;
        }
    }

    /// <summary>Mixes (seed, user) into a well-spread 32-bit seed (SplitMix64 finalizer).</summary>
    private static int UserSeed(int seed, int user)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)user;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>Copies the entries whose flag equals <paramref name="test"/>; rows stay sorted.</summary>
    internal static CsrMatrix Extract(CsrMatrix plays, bool[] inTest, bool test)
    {
        var count = 0;
        foreach (var flag in inTest)
        {
            if (flag == test)
            {
                count++;
            }
        }

        var starts = new int[plays.Rows + 1];
        var columns = new int[count];
        var values = new float[count];
        var next = 0;
        for (var u = 0; u < plays.Rows; u++)
        {
            for (var p = plays.RowStarts[u]; p < plays.RowStarts[u + 1]; p++)
            {
                if (inTest[p] == test)
                {
                    columns[next] = plays.ColumnIndexes[p];
                    values[next] = plays.Values[p];
                    next++;
                }
            }

            starts[u + 1] = next;
        }

        return new CsrMatrix(plays.Rows, plays.Columns, starts, columns, values);
    }
}
