using System.Numerics.Tensors;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// In-place Cholesky A = U^T U of a symmetric positive definite k x k matrix stored row-major with
/// row stride n (n a multiple of the vector width), and the two triangular solves.
/// Only the upper triangle of A is read; the strictly lower part is scratch.
/// </summary>
public static class CholeskySolver
{
    /// <summary>Factors A into U (upper) in place. Returns false if A is not positive definite.</summary>
    public static bool Factor(Span<float> a, int n, int k)
    {
        var w = Simd.Width;
        for (var j = 0; j < k; j++)
        {
            var d = a[(j * n) + j];
            if (!(d > 0f) || !float.IsFinite(d))
            {
                return false;
            }

            var inv = 1f / MathF.Sqrt(d);
            var rowJ = a.Slice(j * n, n);
            for (var c = j; c < k; c++)
            {
                rowJ[c] *= inv;
            }

            // Trailing update of the upper triangle: A[i, i..] -= U[j,i] U[j, i..] for i > j.
            for (var i = j + 1; i < k; i++)
            {
                var f = rowJ[i];
                if (f == 0f)
                {
                    continue;
                }

                var start = i / w * w;
                Simd.Axpy(-f, ref rowJ[start], ref a[(i * n) + start], n - start);
            }
        }

        return true;
    }

    /// <summary>Solves U^T U x = b given the factor U from <see cref="Factor"/>; b is overwritten by x.</summary>
    public static void Solve(ReadOnlySpan<float> u, int n, int k, Span<float> b)
    {
        // U^T z = b, row-oriented: z_j = b_j / U_jj, then b_{j+1..} -= z_j U_{j, j+1..}.
        for (var j = 0; j < k; j++)
        {
            var z = b[j] / u[(j * n) + j];
            b[j] = z;
            if (j + 1 < k)
            {
                TensorPrimitives.MultiplyAdd(u.Slice((j * n) + j + 1, k - j - 1), -z, b.Slice(j + 1, k - j - 1), b.Slice(j + 1, k - j - 1));
            }
        }

        // U x = z: x_j = (z_j - U_{j, j+1..} . x_{j+1..}) / U_jj.
        for (var j = k - 1; j >= 0; j--)
        {
            var s = j + 1 < k ? TensorPrimitives.Dot(u.Slice((j * n) + j + 1, k - j - 1), b.Slice(j + 1, k - j - 1)) : 0f;
            b[j] = (b[j] - s) / u[(j * n) + j];
        }
    }
}
