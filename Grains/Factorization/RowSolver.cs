namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Solves one row's least-squares step, x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p_u,
/// exactly (Cholesky) or approximately with warm-started conjugate gradient.
/// </summary>
public static class RowSolver
{
    /// <summary>Rows solved together by <see cref="SolveConjugateGradientBatch"/>.</summary>
    public const int Batch = 4;

    private const float ResidualTolerance = 1e-20f;

    public static void Solve(SolverKind solver, int cgSteps, ReadOnlySpan<float> gramian, FactorMatrix fixedSide, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, Span<float> x, SolverWorkspace ws)
    {
        if (indexes.IsEmpty)
        {
            // No observed cell: b = 0, so the minimiser is 0.
            x.Clear();
            return;
        }

        if (solver == SolverKind.Cholesky)
        {
            SolveCholesky(gramian, fixedSide, indexes, excess, x, ws);
        }
        else
        {
            SolveConjugateGradient(cgSteps, gramian, fixedSide, indexes, excess, x, ws);
        }
    }

    public static void SolveCholesky(ReadOnlySpan<float> gramian, FactorMatrix fixedSide, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, Span<float> x, SolverWorkspace ws)
    {
        var n = fixedSide.Stride;
        var k = fixedSide.Factors;
        NormalEquations.Build(gramian, fixedSide, indexes, excess, ws.Matrix, ws.Rhs);
        if (!CholeskySolver.Factor(ws.Matrix, n, k))
        {
            throw new TrainingDivergedException("The normal equations of a row are not positive definite; use a regularization above 0.");
        }

        CholeskySolver.Solve(ws.Matrix, n, k, ws.Rhs);
        ws.Rhs.AsSpan(0, n).CopyTo(x);
    }

    /// <summary>
    /// CG on A x = b without forming A: A v = G v + sum_i (c_i - 1)(y_i . v) y_i, O(k n_u + k^2) per step.
    /// </summary>
    public static void SolveConjugateGradient(int steps, ReadOnlySpan<float> gramian, FactorMatrix fixedSide, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, Span<float> x, SolverWorkspace ws)
    {
        var n = fixedSide.Stride;
        var k = fixedSide.Factors;
        var r = ws.Residual.AsSpan(0, n);
        var p = ws.Direction.AsSpan(0, n);
        var ap = ws.Product.AsSpan(0, n);

        // r = b - A x = sum_i (c_i - (c_i - 1) y_i . x) y_i - G x.
        Simd.SymmetricMatVec(gramian, x, r, n, k);
        for (var j = 0; j < n; j++)
        {
            r[j] = -r[j];
        }

        for (var t = 0; t < indexes.Length; t++)
        {
            ref var y = ref fixedSide.RowRef(indexes[t]);
            var w = excess[t];
            Simd.Axpy(1f + w - (w * Simd.Dot(ref y, ref x[0], n)), ref y, ref r[0], n);
        }

        r.CopyTo(p);
        var rsOld = Simd.Dot(r, r);
        if (rsOld < ResidualTolerance)
        {
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            Simd.SymmetricMatVec(gramian, p, ap, n, k);
            for (var t = 0; t < indexes.Length; t++)
            {
                ref var y = ref fixedSide.RowRef(indexes[t]);
                Simd.Axpy(excess[t] * Simd.Dot(ref y, ref p[0], n), ref y, ref ap[0], n);
            }

            var alpha = rsOld / Simd.Dot(p, ap);
            Simd.Axpy(alpha, ref p[0], ref x[0], n);
            Simd.Axpy(-alpha, ref ap[0], ref r[0], n);
            var rsNew = Simd.Dot(r, r);
            if (rsNew < ResidualTolerance)
            {
                break;
            }

            var beta = rsNew / rsOld;
            for (var j = 0; j < n; j++)
            {
                p[j] = r[j] + (beta * p[j]);
            }

            rsOld = rsNew;
        }
    }

    /// <summary>
    /// Warm-started CG for rows first..first+3 of <paramref name="target"/> in lockstep, so that each pass
    /// over the Gramian serves four rows. Every row follows exactly the arithmetic of
    /// <see cref="SolveConjugateGradient"/>, so the factors are bit-identical to solving rows one by one.
    /// </summary>
    public static void SolveConjugateGradientBatch(int steps, ReadOnlySpan<float> gramian, FactorMatrix fixedSide, CsrMatrix excess, FactorMatrix target, int first, SolverWorkspace ws)
    {
        var n = fixedSide.Stride;
        var k = fixedSide.Factors;
        var x = target.RowRange(first, Batch);
        var r = ws.Residual.AsSpan(0, Batch * n);
        var p = ws.Direction.AsSpan(0, Batch * n);
        var ap = ws.Product.AsSpan(0, Batch * n);
        Span<bool> active = stackalloc bool[Batch];
        Span<float> rsOld = stackalloc float[Batch];
        for (var t = 0; t < Batch; t++)
        {
            active[t] = excess.RowLength(first + t) > 0;
            if (!active[t])
            {
                x.Slice(t * n, n).Clear();
            }
        }

        Simd.SymmetricMatVec4(gramian, x, r, n, k);
        for (var t = 0; t < Batch; t++)
        {
            if (!active[t])
            {
                continue;
            }

            var rt = r.Slice(t * n, n);
            var xt = x.Slice(t * n, n);
            for (var j = 0; j < n; j++)
            {
                rt[j] = -rt[j];
            }

            var idx = excess.RowIndexes(first + t);
            var w = excess.RowValues(first + t);
            for (var e = 0; e < idx.Length; e++)
            {
                ref var y = ref fixedSide.RowRef(idx[e]);
                Simd.Axpy(1f + w[e] - (w[e] * Simd.Dot(ref y, ref xt[0], n)), ref y, ref rt[0], n);
            }

            rt.CopyTo(p.Slice(t * n, n));
            rsOld[t] = Simd.Dot(rt, rt);
            active[t] = rsOld[t] >= ResidualTolerance;
        }

        for (var step = 0; step < steps && active.Contains(true); step++)
        {
            Simd.SymmetricMatVec4(gramian, p, ap, n, k);
            for (var t = 0; t < Batch; t++)
            {
                if (!active[t])
                {
                    continue;
                }

                var pt = p.Slice(t * n, n);
                var apt = ap.Slice(t * n, n);
                var rt = r.Slice(t * n, n);
                var idx = excess.RowIndexes(first + t);
                var w = excess.RowValues(first + t);
                for (var e = 0; e < idx.Length; e++)
                {
                    ref var y = ref fixedSide.RowRef(idx[e]);
                    Simd.Axpy(w[e] * Simd.Dot(ref y, ref pt[0], n), ref y, ref apt[0], n);
                }

                var alpha = rsOld[t] / Simd.Dot(pt, apt);
                Simd.Axpy(alpha, ref pt[0], ref x[t * n], n);
                Simd.Axpy(-alpha, ref apt[0], ref rt[0], n);
                var rsNew = Simd.Dot(rt, rt);
                if (rsNew < ResidualTolerance)
                {
                    active[t] = false;
                    continue;
                }

                var beta = rsNew / rsOld[t];
                for (var j = 0; j < n; j++)
                {
                    pt[j] = rt[j] + (beta * pt[j]);
                }

                rsOld[t] = rsNew;
            }
        }
    }
}
