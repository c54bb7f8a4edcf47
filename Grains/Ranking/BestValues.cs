namespace MusicRecs.Grains.Ranking;

/// <summary>The best values seen so far, in a min-heap held in the caller's buffer (nothing is allocated).</summary>
internal static class BestValues
{
    /// <summary>Keeps the best <c>heap.Length</c> values in a min-heap (root = the worst kept); returns how many it holds.</summary>
    public static int Offer(Span<float> heap, int held, float value)
    {
        if (held < heap.Length)
        {
            var child = held;
            heap[child] = value;
            while (child > 0 && heap[(child - 1) >> 1] > heap[child])
            {
                (heap[child], heap[(child - 1) >> 1]) = (heap[(child - 1) >> 1], heap[child]);
                child = (child - 1) >> 1;
            }

            return held + 1;
        }

        if (value > heap[0])
        {
            heap[0] = value;
            var parent = 0;
            while (true)
            {
                var least = parent;
                var left = (2 * parent) + 1;
                if (left < held && heap[left] < heap[least])
                {
                    least = left;
                }

                if (left + 1 < held && heap[left + 1] < heap[least])
                {
                    least = left + 1;
                }

                if (least == parent)
                {
                    break;
                }

                (heap[parent], heap[least]) = (heap[least], heap[parent]);
                parent = least;
            }
        }

        return held;
    }
}
