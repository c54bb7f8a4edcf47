using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;
using MusicRecs.Tests.Factorization;

namespace MusicRecs.Tests.Ranking;

public sealed class QuantizedFactorsTests
{
    public static TheoryData<int, int, float> Shapes => new()
    {
        { 1, 1, 1f },
        { 17, 3, 1f },
        { 40, 10, 0.01f },
        { 100, 64, 1f },
        { 33, 65, 1000f },
        { 50, 128, 1e-3f },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BoundsContainEveryFloatDotProduct(int rows, int k, float scale)
    {
        var factors = RandomProblems.Factors(rows, k, seed: rows + k, scale);
        factors.Row(rows / 2).Clear(); // an all-zero row has scale 0
        var codes = QuantizedFactors.Build(factors);
        var lower = new float[codes.PaddedRows];
        var upper = new float[codes.PaddedRows];
        for (var q = 0; q < 20; q++)
        {
            var x = RandomProblems.Factors(1, k, seed: 1000 + q, scale: q % 2 == 0 ? 1f : 50f).Row(0).ToArray();
            codes.Bounds(x, lower, upper);
            for (var r = 0; r < rows; r++)
            {
                var dot = Simd.Dot(factors.Row(r), x);
                Assert.InRange(dot, lower[r], upper[r]);
                Assert.True(lower[r] <= upper[r]);
            }

            for (var r = rows; r < codes.PaddedRows; r++)
            {
                Assert.Equal(0f, lower[r]);
                Assert.Equal(0f, upper[r]);
            }
        }
    }

    [Fact]
    public void BoundsAreTightRelativeToTheScores()
    {
        // 8-bit rows and 7-bit queries: the interval stays within a few percent of |x| |y_i|.
        var factors = RandomProblems.Factors(200, 64, seed: 5);
        var codes = QuantizedFactors.Build(factors);
        var x = RandomProblems.Factors(1, 64, seed: 6).Row(0).ToArray();
        var lower = new float[codes.PaddedRows];
        var upper = new float[codes.PaddedRows];
        codes.Bounds(x, lower, upper);
        var xNorm = MathF.Sqrt(Simd.Dot(x, x));
        for (var r = 0; r < 200; r++)
        {
            var yNorm = MathF.Sqrt(Simd.Dot(factors.Row(r), factors.Row(r)));
            Assert.InRange(upper[r] - lower[r], 0f, 0.1f * xNorm * yNorm);
        }
    }

    [Fact]
    public void EveryKernelGivesTheSameBits()
    {
        var factors = RandomProblems.Factors(75, 37, seed: 9);
        var codes = QuantizedFactors.Build(factors);
        var x = RandomProblems.Factors(1, 37, seed: 10).Vector(0).ToArray();
        var expectedLower = new float[codes.PaddedRows];
        var expectedUpper = new float[codes.PaddedRows];
        codes.Bounds(x, expectedLower, expectedUpper, QuantizedKernel.Scalar);
        Assert.Contains(QuantizedKernel.Scalar, QuantizedFactors.SupportedKernels);
        foreach (var kernel in QuantizedFactors.SupportedKernels)
        {
            var lower = new float[codes.PaddedRows];
            var upper = new float[codes.PaddedRows];
            codes.Bounds(x, lower, upper, kernel);
            Assert.Equal(expectedLower, lower);
            Assert.Equal(expectedUpper, upper);
        }
    }

    [Fact]
    public void ReEncodingRowsEqualsBuildingFromThePatchedMatrix()
    {
        var factors = RandomProblems.Factors(40, 16, seed: 11);
        var codes = QuantizedFactors.Build(factors);
        var patched = new FactorMatrix(45, 16);
        factors.Data.CopyTo(patched.Data, 0);
        var fresh = RandomProblems.Factors(45, 16, seed: 12);
        foreach (var r in new[] { 3, 17, 40, 41, 42, 43, 44 })
        {
            fresh.Row(r).CopyTo(patched.Row(r));
        }

        var incremental = codes.WithRows(patched, [3, 17]);
        var rebuilt = QuantizedFactors.Build(patched);
        var x = RandomProblems.Factors(1, 16, seed: 13).Vector(0).ToArray();
        var (rebuiltLower, rebuiltUpper) = Bounds(rebuilt, x);
        var (lower, upper) = Bounds(incremental, x);
        Assert.Equal(rebuiltLower, lower);
        Assert.Equal(rebuiltUpper, upper);

        // The copy it was made from is unchanged.
        var (originalLower, _) = Bounds(QuantizedFactors.Build(factors), x);
        Assert.Equal(originalLower, Bounds(codes, x).Lower);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        var codes = QuantizedFactors.Build(RandomProblems.Factors(10, 8, seed: 1));
        Assert.Throws<ArgumentException>(() => codes.Bounds(new float[7], new float[16], new float[16]));
        Assert.Throws<ArgumentException>(() => codes.Bounds(new float[8], new float[15], new float[16]));
        Assert.Throws<ArgumentException>(() => codes.WithRows(RandomProblems.Factors(9, 8, seed: 1), []));
        Assert.Throws<ArgumentException>(() => codes.WithRows(RandomProblems.Factors(10, 9, seed: 1), []));
    }

    private static (float[] Lower, float[] Upper) Bounds(QuantizedFactors codes, float[] x)
    {
        var lower = new float[codes.PaddedRows];
        var upper = new float[codes.PaddedRows];
        codes.Bounds(x, lower, upper);
        return (lower, upper);
    }
}
