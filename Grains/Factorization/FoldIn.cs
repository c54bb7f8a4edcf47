namespace MusicRecs.Grains.Factorization;

/// <summary>
/// One row against fixed factors: the exact least-squares solve (fold-in) and its HKV explanation.
/// Shared by the trained model and the grains that serve it.
/// </summary>
public static class FoldIn
{
    // Scratch of the synchronous solves below, one per thread: a fold-in allocates only its answer.
    [ThreadStatic]
    private static SolverWorkspace? t_workspace;

    private static SolverWorkspace Workspace(int stride) =>
        t_workspace is { } w && w.Stride == stride ? w : t_workspace = new SolverWorkspace(stride);

    /// <summary>x = (F^T C F + lambda I)^-1 F^T C p for one row's observed cells (sorted indexes, c - 1 weights).</summary>
    public static float[] Solve(FactorMatrix fixedSide, float[] gramian, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess)
    {
        var x = new float[fixedSide.Stride];
        RowSolver.Solve(SolverKind.Cholesky, 1, gramian, fixedSide, indexes, excess, x, Workspace(fixedSide.Stride));
        return x;
    }

    /// <summary>
    /// HKV section 5: s(u,i) = sum over observed j of (y_i^T W_u y_j) c_uj, W_u = (Y^T C_u Y + lambda I)^-1.
    /// One contribution per observed cell, in the order given; they sum to the fold-in score of item i.
    /// </summary>
    public static float[] Explain(FactorMatrix fixedSide, float[] gramian, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, int item)
    {
        var n = fixedSide.Stride;
        var k = fixedSide.Factors;
        var ws = Workspace(n);
        NormalEquations.Build(gramian, fixedSide, indexes, excess, ws.Matrix, ws.Rhs);
        if (!CholeskySolver.Factor(ws.Matrix, n, k))
        {
            throw new TrainingDivergedException("The normal equations of the row are not positive definite; the model needs a regularization above 0.");
        }

        var w = fixedSide.Row(item).ToArray();
        CholeskySolver.Solve(ws.Matrix, n, k, w);
        var contributions = new float[indexes.Length];
        for (var t = 0; t < indexes.Length; t++)
        {
            contributions[t] = Simd.Dot(w, fixedSide.Row(indexes[t])) * (1f + excess[t]);
        }

        return contributions;
    }
}
