using System.Numerics;
using System.Runtime.Intrinsics;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Ranking;

/// <summary>
/// The exact top-N rows by x.y_i, found through the 8-bit bounds of <see cref="QuantizedFactors"/>:
/// with L the N-th best lower bound among the rows not excluded, every row of the exact top-N has an
/// upper bound of at least L, so only those rows are scored in float. The answer (rows, their float
/// scores, ties by lower index) is the one a full float pass would give.
/// </summary>
public sealed class BoundedTopK
{
    private float[] _query = [];
    private float[] _lower = [];
    private float[] _upper = [];
    private float[] _best = [];
    private int[] _candidates = [];
    private float[] _candidateScores = [];

    /// <summary>Rows scored in float by the last call: the price of the bounds' looseness.</summary>
    public int LastCandidates { get; private set; }

    /// <summary>
    /// Writes the best <c>top.Length</c> rows not in <paramref name="excluded"/> (sorted ascending), best
    /// first, and their scores; returns how many were written.
    /// </summary>
    public int Select(QuantizedFactors codes, FactorMatrix factors, ReadOnlySpan<float> x, ReadOnlySpan<int> excluded, Span<int> top, Span<float> topScores) =>
        Select(codes, factors, x, excluded, top, topScores, default, 0f);

    /// <summary>Blocks of <see cref="QuantizedFactors.BlockRows"/> rows bounded by the last call (the others were skipped whole).</summary>
    public int LastBlocks { get; private set; }

    /// <summary>
    /// As <see cref="Select(QuantizedFactors, FactorMatrix, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{int}, Span{float})"/>
    /// for cosine similarity: score_i = x.y_i / (|x| |y_i|) with the given norms, 0 where that divisor is 0.
    /// </summary>
    public int SelectCosine(QuantizedFactors codes, FactorMatrix factors, ReadOnlySpan<float> norms, ReadOnlySpan<float> x, float xNorm, ReadOnlySpan<int> excluded, Span<int> top, Span<float> topScores)
    {
        if (norms.Length < factors.Rows)
        {
            throw new ArgumentException($"Norms hold {norms.Length}, need {factors.Rows}.", nameof(norms));
        }

        return Select(codes, factors, x, excluded, top, topScores, norms, xNorm);
    }

    private int Select(QuantizedFactors codes, FactorMatrix factors, ReadOnlySpan<float> x, ReadOnlySpan<int> excluded, Span<int> top, Span<float> topScores, ReadOnlySpan<float> norms, float xNorm)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(factors);
        if (codes.Rows != factors.Rows || codes.Factors != factors.Factors)
        {
            throw new ArgumentException($"Quantized copy ({codes.Rows} x {codes.Factors}) does not match the factors ({factors.Rows} x {factors.Factors}).", nameof(codes));
        }

        if (topScores.Length < top.Length)
        {
            throw new ArgumentException($"Score buffer holds {topScores.Length}, need {top.Length}.", nameof(topScores));
        }

        var rows = codes.Rows;
        if (_lower.Length < codes.PaddedRows)
        {
            _lower = new float[codes.PaddedRows];
            _upper = new float[codes.PaddedRows];
        }

        if (x.Length < factors.Factors)
        {
            throw new ArgumentException($"Query has {x.Length} components, need {factors.Factors}.", nameof(x));
        }

        // The float kernel runs over whole padded rows, so the query must be padded with zeros too.
        if (x.Length < factors.Stride)
        {
            if (_query.Length != factors.Stride)
            {
                _query = new float[factors.Stride];
            }

            x.CopyTo(_query);
            _query.AsSpan(x.Length).Clear();
            x = _query;
        }

        x = x[..factors.Stride];
        var lower = _lower.AsSpan(0, rows);
        var upper = _upper.AsSpan(0, rows);
        var cosine = !norms.IsEmpty;
        var n = Math.Min(top.Length, rows);
        int count;
        if (cosine)
        {
            codes.Bounds(x, _lower, _upper);
            LastBlocks = codes.Blocks;
            Divide(lower, upper, norms, xNorm);
            var threshold = float.NegativeInfinity;
            if (n > 0)
            {
                var found = TopK.Select(lower, excluded, top[..n]);
                if (found == n)
                {
                    threshold = lower[top[n - 1]];
                }
            }

            count = Candidates(upper, threshold, excluded);
        }
        else
        {
            count = PrunedCandidates(codes, x, excluded, n);
        }

        var candidates = _candidates.AsSpan(0, count);
        var scores = _candidateScores.AsSpan(0, count);
        for (var c = 0; c < count; c++)
        {
            var dot = Simd.Dot(factors.Row(candidates[c]), x);
            scores[c] = cosine ? Cosine(dot, xNorm * norms[candidates[c]]) : dot;
        }

        LastCandidates = count;
        var written = TopK.Select(scores, [], top[..Math.Min(n, count)]);
        for (var t = 0; t < written; t++)
        {
            topScores[t] = scores[top[t]];
            top[t] = candidates[top[t]];
        }

        return written;
    }

    private static float Cosine(float dot, float divisor) => divisor > 0f ? dot / divisor : 0f;

    /// <summary>Bounds on dots to bounds on cosines: a positive divisor keeps their order, a zero one makes both 0.</summary>
    private static void Divide(Span<float> lower, Span<float> upper, ReadOnlySpan<float> norms, float xNorm)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= lower.Length; i += width)
        {
            var divisor = new Vector<float>(norms.Slice(i, width)) * xNorm;
            var positive = Vector.GreaterThan(divisor, Vector<float>.Zero);
            Vector.ConditionalSelect(positive, new Vector<float>(lower.Slice(i, width)) / divisor, Vector<float>.Zero).CopyTo(lower.Slice(i, width));
            Vector.ConditionalSelect(positive, new Vector<float>(upper.Slice(i, width)) / divisor, Vector<float>.Zero).CopyTo(upper.Slice(i, width));
        }

        for (; i < lower.Length; i++)
        {
            lower[i] = Cosine(lower[i], xNorm * norms[i]);
            upper[i] = Cosine(upper[i], xNorm * norms[i]);
        }
    }

    /// <summary>
    /// The rows that can still reach the top n, in index order, bounding whole blocks by decreasing reach (an upper
    /// bound on |y_i| in the block, <see cref="ReachLayout"/>): with L the n-th best lower bound among the rows bounded so far and not excluded,
    /// a block with |x| reach below L holds no row of the top n (each score is at most |x| |y_i|), and neither does
    /// any block after it. L ends as the n-th best lower bound of all rows, so the candidates are exactly those a
    /// pass over every row would find; only the work of bounding rows that cannot reach the top is skipped.
    /// </summary>
    private int PrunedCandidates(QuantizedFactors codes, ReadOnlySpan<float> x, ReadOnlySpan<int> excluded, int n)
    {
        if (n == 0)
        {
            LastBlocks = 0;
            return 0;
        }

        Span<int> query = stackalloc int[codes.QueryInts];
        var terms = codes.Quantize(x, query);
        var kernels = new BoundKernels(codes, query, terms, _lower, _upper);
        var kernel = QuantizedFactors.Kernel;
        var layout = codes.Layout;
        if (_best.Length < n)
        {
            _best = new float[n];
        }

        var best = _best.AsSpan(0, n);
        var held = 0;
        var threshold = float.NegativeInfinity;
        var visited = 0;
        for (; visited < codes.Blocks; visited++)
        {
            // The product of two floats is exact in double, so the comparison adds no rounding of its own.
            if (held == n && (double)terms.QueryNorm * layout.Reach(visited) < threshold)
            {
                break;
            }

            kernels.Block(visited, kernel);
            var start = layout.Block(visited) * QuantizedFactors.BlockRows;

            // Once n bounds are held, most blocks have no row above the n-th: one vector compare skips them.
            if (held == n && !Vector512.GreaterThanAny(Vector512.Create(_lower.AsSpan(start, QuantizedFactors.BlockRows)), Vector512.Create(threshold)))
            {
                continue;
            }

            var e = First(excluded, start);
            for (var i = start; i < Math.Min(start + QuantizedFactors.BlockRows, codes.Rows); i++)
            {
                if (!TopK.IsExcluded(excluded, ref e, i))
                {
                    held = BestValues.Offer(best, held, ScoreOrder.Key(_lower[i]));
                }
            }

            if (held == n)
            {
                threshold = best[0];
            }
        }

        LastBlocks = visited;
        var count = 0;
        for (var v = 0; v < visited; v++)
        {
            var start = layout.Block(v) * QuantizedFactors.BlockRows;
            if (!Vector512.GreaterThanOrEqualAny(Vector512.Create(_upper.AsSpan(start, QuantizedFactors.BlockRows)), Vector512.Create(threshold)))
            {
                continue;
            }

            var e = First(excluded, start);
            for (var i = start; i < Math.Min(start + QuantizedFactors.BlockRows, codes.Rows); i++)
            {
                if (_upper[i] >= threshold && !TopK.IsExcluded(excluded, ref e, i))
                {
                    Add(ref count, i);
                }
            }
        }

        _candidates.AsSpan(0, count).Sort();
        return count;
    }

    /// <summary>The position of the first excluded index at or after <paramref name="start"/>.</summary>
    private static int First(ReadOnlySpan<int> excluded, int start)
    {
        var at = excluded.BinarySearch(start);
        return at < 0 ? ~at : at;
    }

    private void Add(ref int count, int row)
    {
        if (count == _candidates.Length)
        {
            Array.Resize(ref _candidates, Math.Max(64, count * 2));
            Array.Resize(ref _candidateScores, _candidates.Length);
        }

        _candidates[count++] = row;
    }

    /// <summary>Rows with upper bound at least <paramref name="threshold"/> that are not excluded, in index order.</summary>
    private int Candidates(ReadOnlySpan<float> upper, float threshold, ReadOnlySpan<int> excluded)
    {
        var count = 0;
        var e = 0;
        var width = Vector<float>.Count;
        var limit = new Vector<float>(threshold);
        var i = 0;
        while (i < upper.Length)
        {
            if (i + width <= upper.Length && !Vector.GreaterThanOrEqualAny(new Vector<float>(upper.Slice(i, width)), limit))
            {
                i += width;
                continue;
            }

            var end = Math.Min(i + width, upper.Length);
            for (; i < end; i++)
            {
                if (upper[i] >= threshold && !TopK.IsExcluded(excluded, ref e, i))
                {
                    Add(ref count, i);
                }
            }
        }

        return count;
    }
}
