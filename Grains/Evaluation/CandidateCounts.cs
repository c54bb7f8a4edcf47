using System.Numerics;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// For ascending distinct thresholds t_0 &lt; … &lt; t_{d−1}, counts the candidates (indexes not in the
/// sorted exclusion list) scoring strictly above and exactly at each threshold, in the order of
/// <see cref="ScoreOrder"/> (NaN = −∞). Few thresholds: one SIMD pass over all scores per threshold,
/// O(n·d / width), minus the excluded scores placed by binary search. Many thresholds: one pass
/// placing each candidate's score by binary search, O(n log d).
/// </summary>
internal static class CandidateCounts
{
    /// <summary>
    /// Above this many thresholds the binary-search pass is cheaper: one SIMD pass costs about 0.15 ns
    /// per score and threshold, placing a score by binary search about 30 ns.
    /// </summary>
    private const int MaxVectorThresholds = 192;

    /// <summary>
    /// Fills higher[j] and equal[j] for j &lt; d (<paramref name="higher"/> needs d + 1 slots of
    /// scratch) and returns the number of candidates.
    /// </summary>
    public static long Count(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<float> thresholds, Span<long> higher, Span<long> equal)
    {
        return thresholds.Length <= MaxVectorThresholds
            ? ByThreshold(scores, excluded, thresholds, higher, equal)
            : ByScan(scores, excluded, thresholds, higher, equal);
    }

    private static long ByThreshold(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<float> thresholds, Span<long> higher, Span<long> equal)
    {
        // First count the excluded scores against the thresholds (each distinct in-range index once)...
        var d = thresholds.Length;
        higher[..(d + 1)].Clear();
        equal[..d].Clear();
        long candidates = scores.Length;
        var previous = -1;
        foreach (var x in excluded)
        {
            if (x != previous && (uint)x < (uint)scores.Length)
            {
                candidates--;
                Place(ScoreOrder.Key(scores[x]), thresholds, higher, equal);
            }

            previous = x;
        }

        ToHigher(higher, d);

        // ...then count all scores and take the excluded ones away.
        for (var j = 0; j < d; j++)
        {
            var t = thresholds[j];
            var (above, at) = CountAll(scores, t);
            higher[j] = above - higher[j];

            // At t = −∞ the raw comparison misses NaN scores, which rank as −∞: every candidate
            // not above −∞ equals it.
            equal[j] = float.IsNegativeInfinity(t) ? candidates - higher[j] : at - equal[j];
        }

        return candidates;
    }

    private static long ByScan(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, ReadOnlySpan<float> thresholds, Span<long> higher, Span<long> equal)
    {
        var d = thresholds.Length;
        higher[..(d + 1)].Clear();
        equal[..d].Clear();
        var lowest = thresholds[0];
        long candidates = 0;
        var e = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            while (e < excluded.Length && excluded[e] < i)
            {
                e++;
            }

            if (e < excluded.Length && excluded[e] == i)
            {
                continue;
            }

            candidates++;
            var s = ScoreOrder.Key(scores[i]);
            if (s >= lowest)
            {
                Place(s, thresholds, higher, equal); // Below every threshold counts toward none.
            }
        }

        ToHigher(higher, d);
        return candidates;
    }

    /// <summary>Counts s &gt; t and s == t over all scores (NaN fails both comparisons).</summary>
    private static (long Above, long At) CountAll(ReadOnlySpan<float> scores, float t)
    {
        var width = Vector<float>.Count;
        var threshold = new Vector<float>(t);
        var above = Vector<int>.Zero;
        var at = Vector<int>.Zero;
        var i = 0;
        for (; i + width <= scores.Length; i += width)
        {
            var v = new Vector<float>(scores.Slice(i, width));

            // Comparison lanes are all ones (−1) when true: subtracting adds one per true lane.
            above -= Vector.GreaterThan(v, threshold);
            at -= Vector.Equals(v, threshold);
        }

        long a = Vector.Sum(above);
        long e = Vector.Sum(at);
        for (; i < scores.Length; i++)
        {
            a += scores[i] > t ? 1 : 0;
            e += scores[i] == t ? 1 : 0;
        }

        return (a, e);
    }

    /// <summary>
    /// Records a score s (already a <see cref="ScoreOrder.Key"/>): slot a of <paramref name="below"/>
    /// counts scores with exactly a thresholds strictly below them, equal[a] scores equal to t_a.
    /// </summary>
    private static void Place(float s, ReadOnlySpan<float> thresholds, Span<long> below, Span<long> equal)
    {
        var a = CountBelow(thresholds, s);
        below[a]++;
        if (a < thresholds.Length && thresholds[a] == s)
        {
            equal[a]++;
        }
    }

    /// <summary>
    /// A score is above t_j exactly when more than j thresholds are below it, so
    /// higher[j] = Σ_{a &gt; j} below[a]: a suffix sum shifted down one slot, in place.
    /// </summary>
    private static void ToHigher(Span<long> below, int d)
    {
        long running = 0;
        var carry = below[d];
        for (var j = d - 1; j >= 0; j--)
        {
            running += carry;
            carry = below[j];
            below[j] = running;
        }
    }

    /// <summary>
    /// Number of thresholds (ascending, distinct, at least one) strictly below s. The loop runs
    /// ⌈log2 d⌉ times whatever s is and its step is a conditional move, so it hardly mispredicts.
    /// </summary>
    private static int CountBelow(ReadOnlySpan<float> thresholds, float s)
    {
        var lo = 0;
        var n = thresholds.Length;
        while (n > 1)
        {
            var half = n >> 1;
            lo = thresholds[lo + half] < s ? lo + half : lo;
            n -= half;
        }

        return lo + (thresholds[lo] < s ? 1 : 0);
    }
}
