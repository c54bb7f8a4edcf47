using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

/// <summary>Seeded random play-count matrices for property tests.</summary>
public static class RandomPlays
{
    /// <summary>Each user gets 0..maxPerUser distinct artists with plays in 1..50.</summary>
    public static CsrMatrix Create(int users, int artists, int maxPerUser, int seed)
    {
        var random = new Random(seed);
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < users; u++)
        {
            var n = random.Next(0, maxPerUser + 1);
            var chosen = new HashSet<int>();
            while (chosen.Count < n)
            {
                chosen.Add(random.Next(artists));
            }

            foreach (var a in chosen)
            {
                rows.Add(u);
                columns.Add(a);
                values.Add(random.Next(1, 51));
            }
        }

        return CsrMatrix.FromTriples(users, artists, [.. rows], [.. columns], [.. values]);
    }

    /// <summary>Deterministic pseudo-random score of (user, artist) with deliberate ties (20 levels).</summary>
    public static float HashScore(int user, int artist)
    {
        var h = (uint)((user * 73856093) ^ (artist * 19349663));
        h ^= h >> 13;
        h *= 0x5BD1E995u;
        h ^= h >> 15;
        return h % 20;
    }
}
