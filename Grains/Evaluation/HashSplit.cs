using System.Text;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Per-user holdouts keyed on the external ids, as teams often make them, so a split can be rebuilt
/// from the ids alone. The hashes are deliberately plain (FNV-1a, 64 bit) and applied to the id text.
/// </summary>
public static class HashSplit
{
    public static (CsrMatrix Train, CsrMatrix Test) Split(CsrMatrix plays, IReadOnlyList<string> userIds, IReadOnlyList<string> artistIds, SplitKind kind, double testFraction, int seed, int minRowsPerUser = 5)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(artistIds);
        return kind switch
        {
            SplitKind.Random => Holdout.Split(plays, testFraction, minRowsPerUser, seed),
            SplitKind.Hash => Holdout.SplitByKey(plays, testFraction, minRowsPerUser, (u, a) => Fnv1a($"{seed}:{userIds[u]}:{artistIds[a]}")),
            SplitKind.ArtistHash => SplitByArtist(plays, artistIds, testFraction, seed, minRowsPerUser),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown split kind."),
        };
    }

    /// <summary>FNV-1a over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static (CsrMatrix Train, CsrMatrix Test) SplitByArtist(CsrMatrix plays, IReadOnlyList<string> artistIds, double testFraction, int seed, int minRowsPerUser)
    {
        var keys = new ulong[plays.Columns];
        for (var a = 0; a < keys.Length; a++)
        {
            keys[a] = Fnv1a($"{seed}:{artistIds[a]}");
        }

        return Holdout.SplitByKey(plays, testFraction, minRowsPerUser, (_, a) => keys[a]);
    }
}
