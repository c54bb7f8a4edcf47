namespace MusicRecs.Grains.Factorization;

/// <summary>Maps play counts to the confidence weight c - 1 = alpha * f(r) that the solvers consume.</summary>
public static class Confidence
{
    /// <summary>alpha * f(r): the extra weight an observed play gets over an unobserved cell (whose c is 1).</summary>
    public static float Excess(float plays, ConfidenceScheme scheme, float alpha, float epsilon) => scheme switch
    {
        ConfidenceScheme.Linear => alpha * plays,
        ConfidenceScheme.Log => alpha * MathF.Log(1f + (plays / epsilon)),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown confidence scheme."),
    };

    /// <summary>alpha * f(r) under the options' scheme.</summary>
    public static float Excess(float plays, AlsOptions options) => Excess(plays, options.Scheme, options.Alpha, options.Epsilon);

    /// <summary>excess[t] = alpha * f(counts[t]) for every t; <paramref name="excess"/> may be <paramref name="counts"/> itself (in place).</summary>
    public static void Fill(ReadOnlySpan<float> counts, Span<float> excess, AlsOptions options)
    {
        if (excess.Length < counts.Length)
        {
            throw new ArgumentException($"{excess.Length} excess slots for {counts.Length} counts.", nameof(excess));
        }

        for (var t = 0; t < counts.Length; t++)
        {
            excess[t] = Excess(counts[t], options.Scheme, options.Alpha, options.Epsilon);
        }
    }

    /// <summary>A new array of alpha * f(r), one per count.</summary>
    public static float[] Of(ReadOnlySpan<float> counts, AlsOptions options)
    {
        var excess = new float[counts.Length];
        Fill(counts, excess, options);
        return excess;
    }

    /// <summary>The same matrix with every play count replaced by c - 1.</summary>
    public static CsrMatrix ExcessMatrix(CsrMatrix plays, ConfidenceScheme scheme, float alpha, float epsilon)
    {
        var values = new float[plays.NonZeros];
        for (var p = 0; p < values.Length; p++)
        {
            var c = Excess(plays.Values[p], scheme, alpha, epsilon);
            if (!float.IsFinite(c) || c < 0f)
            {
                throw new ArgumentException($"Play count {plays.Values[p]} gives confidence {c} under {scheme} (alpha {alpha}, eps {epsilon}); it must be finite and non-negative.", nameof(plays));
            }

            values[p] = c;
        }

        return new CsrMatrix(plays.Rows, plays.Columns, plays.RowStarts, plays.ColumnIndexes, values);
    }
}
