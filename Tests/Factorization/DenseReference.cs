using MathNet.Numerics.LinearAlgebra;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Factorization;

/// <summary>Dense double-precision references computed with MathNet.Numerics, straight from the formulas.</summary>
internal static class DenseReference
{
    public static Matrix<double> ToDense(FactorMatrix f)
    {
        var m = Matrix<double>.Build.Dense(f.Rows, f.Factors);
        for (var r = 0; r < f.Rows; r++)
        {
            for (var c = 0; c < f.Factors; c++)
            {
                m[r, c] = f.Row(r)[c];
            }
        }

        return m;
    }

    /// <summary>x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p_u with C_u, p_u dense over all columns.</summary>
    public static Vector<double> SolveRow(Matrix<double> y, CsrMatrix excess, int row, double lambda)
    {
        var k = y.ColumnCount;
        var c = Vector<double>.Build.Dense(y.RowCount, 1.0);
        var p = Vector<double>.Build.Dense(y.RowCount);
        var idx = excess.RowIndexes(row);
        var w = excess.RowValues(row);
        for (var t = 0; t < idx.Length; t++)
        {
            c[idx[t]] = 1.0 + w[t];
            p[idx[t]] = 1.0;
        }

        var cu = Matrix<double>.Build.DiagonalOfDiagonalVector(c);
        var a = (y.Transpose() * cu * y) + (lambda * Matrix<double>.Build.DenseIdentity(k));
        var b = y.Transpose() * cu * p;
        return a.Cholesky().Solve(b);
    }

    /// <summary>sum over all (u,i) of c_ui (p_ui - x_u.y_i)^2 + lambda(|X|^2 + |Y|^2), cell by cell.</summary>
    public static double Loss(Matrix<double> x, Matrix<double> y, CsrMatrix userExcess, double lambda)
    {
        var s = x * y.Transpose();
        var total = 0.0;
        for (var u = 0; u < x.RowCount; u++)
        {
            for (var i = 0; i < y.RowCount; i++)
            {
                var w = userExcess.Get(u, i);
                var observed = userExcess.RowIndexes(u).BinarySearch(i) >= 0;
                var p = observed ? 1.0 : 0.0;
                var c = 1.0 + w;
                total += c * (p - s[u, i]) * (p - s[u, i]);
            }
        }

        return total + (lambda * (Math.Pow(x.FrobeniusNorm(), 2) + Math.Pow(y.FrobeniusNorm(), 2)));
    }
}
