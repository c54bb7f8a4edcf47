namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Seeded initial factors. Each row depends only on (seed, side, row), never on a global random
/// sequence, so any process that owns one row (a grain) draws the same start as the single-process trainer.
/// </summary>
public static class FactorInitializer
{
    public const int UserSide = 1;
    public const int ArtistSide = 2;

    public static void FillRow(Span<float> row, int factors, int seed, int side, int index, float scale)
    {
        var state = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)side << 56) ^ (ulong)(uint)index);
        for (var f = 0; f < factors; f++)
        {
            state = Mix(state + 0x9E3779B97F4A7C15UL);
            row[f] = (float)((state >> 40) * (1.0 / (1UL << 24))) * scale;
        }

        row[factors..].Clear();
    }

    public static FactorMatrix Create(int rows, int factors, int seed, int side, float scale)
    {
        var m = new FactorMatrix(rows, factors);
        for (var r = 0; r < rows; r++)
        {
            FillRow(m.Row(r), factors, seed, side, r, scale);
        }

        return m;
    }

    // SplitMix64 finaliser.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
