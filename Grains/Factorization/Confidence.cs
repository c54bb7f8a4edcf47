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
