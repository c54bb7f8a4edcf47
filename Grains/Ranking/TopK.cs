using System.Numerics;

namespace MusicRecs.Grains.Ranking;

/// <summary>
/// Selects the k best-scored indexes, best first: higher score first, equal scores by lower index,
/// NaN below everything. One pass over the scores with a min-heap of size k held in the caller's
/// buffer (nothing is allocated); SIMD blocks with no score above the heap's worst are skipped whole,
/// so the cost is about n / width comparisons plus O(log k) per heap replacement.
/// </summary>
public static class TopK
{
    /// <summary>
    /// Writes the best <c>destination.Length</c> indexes of <paramref name="scores"/> that are not in
    /// <paramref name="excluded"/> (sorted ascending) into <paramref name="destination"/>, best first.
    /// Returns how many were written (fewer than requested when there are fewer candidates).
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, Span<int> destination)
    {
        var k = destination.Length;
        if (k == 0)
        {
            return 0;
        }

        // destination[0..count) is a min-heap on "worse": its root is the worst index kept.
        var count = 0;
        var e = 0;
        var i = 0;
        for (; i < scores.Length && count < k; i++)
        {
            if (!IsExcluded(excluded, ref e, i))
            {
                destination[count] = i;
                SiftUp(scores, destination, count);
                count++;
            }
        }

        if (count < k)
        {
            return SortHeap(scores, destination, count);
        }

        var rootKey = ScoreOrder.Key(scores[destination[0]]);
        var width = Vector<float>.Count;
        while (i < scores.Length)
        {
            // Skip whole blocks with no score above the root (NaN compares false, as it should).
            if (i + width <= scores.Length && !Vector.GreaterThanAny(new Vector<float>(scores.Slice(i, width)), new Vector<float>(rootKey)))
            {
                i += width;
                continue;
            }

            var end = Math.Min(i + width, scores.Length);
            for (; i < end; i++)
            {
                // Indexes arrive in increasing order, so an equal score never beats the root
                // (which has the lower index): only a strictly higher score replaces it.
                if (ScoreOrder.Key(scores[i]) > rootKey && !IsExcluded(excluded, ref e, i))
                {
                    destination[0] = i;
                    SiftDown(scores, destination, 0, count);
                    rootKey = ScoreOrder.Key(scores[destination[0]]);
                }
            }
        }

        return SortHeap(scores, destination, count);
    }

    /// <summary>Whether i is in the sorted exclusion list; e only moves forward, as i does.</summary>
    internal static bool IsExcluded(ReadOnlySpan<int> excluded, ref int e, int i)
    {
        while (e < excluded.Length && excluded[e] < i)
        {
            e++;
        }

        return e < excluded.Length && excluded[e] == i;
    }

    /// <summary>Heap sort: moves the worst to the end repeatedly, leaving the best at position 0.</summary>
    private static int SortHeap(ReadOnlySpan<float> scores, Span<int> destination, int count)
    {
        for (var last = count - 1; last > 0; last--)
        {
            (destination[0], destination[last]) = (destination[last], destination[0]);
            SiftDown(scores, destination, 0, last);
        }

        return count;
    }

    /// <summary>Allocating convenience form of <see cref="Select(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{int})"/>.</summary>
    public static int[] Select(ReadOnlySpan<float> scores, int k, ReadOnlySpan<int> excluded = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var buffer = new int[Math.Min(k, scores.Length)];
        var count = Select(scores, excluded, buffer);
        return count == buffer.Length ? buffer : buffer[..count];
    }

    /// <summary>True when index a ranks below index b: lower score, or equal score and higher index.</summary>
    private static bool Worse(ReadOnlySpan<float> scores, int a, int b)
    {
        var ka = ScoreOrder.Key(scores[a]);
        var kb = ScoreOrder.Key(scores[b]);
        return ka < kb || (ka == kb && a > b);
    }

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int child)
    {
        while (child > 0)
        {
            var parent = (child - 1) >> 1;
            if (!Worse(scores, heap[child], heap[parent]))
            {
                return;
            }

            (heap[child], heap[parent]) = (heap[parent], heap[child]);
            child = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int parent, int count)
    {
        while (true)
        {
            var worst = parent;
            var left = (2 * parent) + 1;
            var right = left + 1;
            if (left < count && Worse(scores, heap[left], heap[worst]))
            {
                worst = left;
            }

            if (right < count && Worse(scores, heap[right], heap[worst]))
            {
                worst = right;
            }

            if (worst == parent)
            {
                return;
            }

            (heap[parent], heap[worst]) = (heap[worst], heap[parent]);
            parent = worst;
        }
    }
}
