using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Factorization;

/// <summary>Seeded random inputs for the math tests.</summary>
internal static class RandomProblems
{
    public static FactorMatrix Factors(int rows, int k, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var f = new FactorMatrix(rows, k);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < k; c++)
            {
                f.Row(r)[c] = (float)((rng.NextDouble() * 2) - 1) * scale;
            }
        }

        return f;
    }

    /// <summary>A users x artists play matrix with about <paramref name="density"/> of cells observed.</summary>
    public static CsrMatrix Plays(int users, int artists, double density, int seed, bool everyUserPlays = true)
    {
        var rng = new Random(seed);
        var r = new List<int>();
        var c = new List<int>();
        var v = new List<float>();
        for (var u = 0; u < users; u++)
        {
            var any = false;
            for (var i = 0; i < artists; i++)
            {
                if (rng.NextDouble() < density)
                {
                    r.Add(u);
                    c.Add(i);
                    v.Add(1 + rng.Next(50));
                    any = true;
                }
            }

            if (!any && everyUserPlays)
            {
                r.Add(u);
                c.Add(rng.Next(artists));
                v.Add(3);
            }
        }

        return CsrMatrix.FromTriples(users, artists, r.ToArray(), c.ToArray(), v.ToArray());
    }
}
