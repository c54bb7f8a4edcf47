using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Check;

/// <summary>
/// Compares what the user grains hold with what the artist grains hold, pair by pair, and the catalogs with
/// their grains. Counts are float sums added up in different orders on the two sides, so two counts agree when
/// |a - b| &lt;= <see cref="RelativeTolerance"/> * max(|a|, |b|); a pair missing on one side counts 0 there.
/// </summary>
internal sealed class CheckComparison
{
    public const double RelativeTolerance = 1e-5;

    /// <summary>Inconsistencies named in the result (all are counted).</summary>
    public const int Shown = 10;

    private readonly CatalogIds _users;
    private readonly CatalogIds _artists;
    private readonly List<CheckMismatchResult> _catalogErrors = [];
    private readonly List<CheckMismatchResult> _pairs = [];
    private long _mismatchedPairs;

    private CheckComparison(CatalogIds users, CatalogIds artists)
    {
        _users = users;
        _artists = artists;
    }

    /// <summary>
    /// <paramref name="histories"/> and <paramref name="listeners"/> are the grains' answers by catalog position;
    /// <paramref name="pending"/> is what the users still owe the artists after settling.
    /// </summary>
    public static CheckResult Compare(CatalogIds users, CatalogIds artists, IReadOnlyList<UserHistory> histories, IReadOnlyList<Observations> listeners, long pending, double seconds)
    {
        var c = new CheckComparison(users, artists);
        c.CheckCatalog(users, histories.Select(h => (h.Index, h.Plays.Length)).ToArray());
        c.CheckCatalog(artists, listeners.Select(o => (o.Index, o.Indexes.Length)).ToArray());
        var (userSide, artistSide) = c.ComparePairs(histories, listeners);
        var errors = c._catalogErrors.Count;
        return new CheckResult(
            Consistent: errors == 0 && c._mismatchedPairs == 0 && pending == 0,
            Users: users.Count,
            Artists: artists.Count,
            UserSidePlays: userSide,
            ArtistSidePlays: artistSide,
            MismatchedPairs: c._mismatchedPairs,
            PendingDeltas: pending,
            CatalogErrors: errors,
            FirstMismatches: [.. c._catalogErrors.Concat(c._pairs).Take(Shown)],
            Seconds: seconds);
    }

    public static bool Same(double a, double b) => Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// Gaps, ids listed twice, grains whose index is not their catalog position (a grain still at -1 with nothing
    /// stored is one the catalog registered before its first play), and indexes two grains claim.
    /// </summary>
    private void CheckCatalog(CatalogIds catalog, (int Index, int Entries)[] grains)
    {
        var kind = catalog.Kind == CatalogKind.Users ? "user" : "artist";
        if (catalog.Ids.Count != catalog.Count)
        {
            CatalogError(kind, null, $"the {catalog.Kind} catalog counts {catalog.Count:N0} ids but lists {catalog.Ids.Count:N0}: indexes {Math.Min(catalog.Ids.Count, catalog.Count)}..{Math.Max(catalog.Ids.Count, catalog.Count) - 1} are a gap");
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Ids.Count; i++)
        {
            if (!first.TryAdd(catalog.Ids[i], i))
            {
                CatalogError(kind, catalog.Ids[i], $"{kind} '{catalog.Ids[i]}' is listed at index {first[catalog.Ids[i]]} and again at {i}");
            }
        }

        var claimed = new Dictionary<int, int>();
        for (var i = 0; i < grains.Length; i++)
        {
            var (index, entries) = grains[i];
            if (index < 0 && entries == 0)
            {
                continue;
            }

            if (index != i)
            {
                CatalogError(kind, catalog.Name(i), $"{kind} '{catalog.Name(i)}' holds index {index}, the catalog lists it at {i}");
            }

            if (!claimed.TryAdd(index, i))
            {
                CatalogError(kind, catalog.Name(i), $"{kind}s '{catalog.Name(claimed[index])}' and '{catalog.Name(i)}' both hold index {index}");
            }
        }
    }

    /// <summary>Every pair on either side, artist by artist (users in index order); returns the two sides' totals.</summary>
    private (double UserSide, double ArtistSide) ComparePairs(IReadOnlyList<UserHistory> histories, IReadOnlyList<Observations> listeners)
    {
        // The user side regrouped by artist position, so each artist's list is compared with one merge.
        var byArtist = new List<(int User, float Count)>?[listeners.Count];
        var userSide = 0.0;
        for (var u = 0; u < histories.Count; u++)
        {
            foreach (var p in histories[u].Plays)
            {
                userSide += p.Count;
                if (p.Artist < 0 || p.Artist >= listeners.Count)
                {
                    Pair(u, p.Artist, p.Count, null, $"user '{_users.Name(u)}' has {p.Count:G9} plays of artist index {p.Artist}, which the artists catalog does not list");
                    continue;
                }

                (byArtist[p.Artist] ??= []).Add((u, p.Count));
            }
        }

        var artistSide = 0.0;
        for (var a = 0; a < listeners.Count; a++)
        {
            var mine = byArtist[a] ?? [];
            mine.Sort((x, y) => x.User.CompareTo(y.User));
            var theirs = listeners[a];
            int s = 0, t = 0;
            while (s < mine.Count || t < theirs.Indexes.Length)
            {
                var nextUser = s < mine.Count ? mine[s].User : int.MaxValue;
                var nextListener = t < theirs.Indexes.Length ? theirs.Indexes[t] : int.MaxValue;
                var user = Math.Min(nextUser, nextListener);
                double? onUser = null, onArtist = null;
                while (s < mine.Count && mine[s].User == user)
                {
                    onUser = (onUser ?? 0) + mine[s++].Count;
                }

                while (t < theirs.Indexes.Length && theirs.Indexes[t] == user)
                {
                    onArtist = (onArtist ?? 0) + theirs.Counts[t];
                    artistSide += theirs.Counts[t++];
                }

                if (!Same(onUser ?? 0, onArtist ?? 0))
                {
                    Pair(user, a, onUser, onArtist, Describe(user, a, onUser, onArtist));
                }
            }
        }

        return (userSide, artistSide);
    }

    private string Describe(int user, int artist, double? onUser, double? onArtist) =>
        $"user '{_users.Name(user)}' / artist '{_artists.Name(artist)}': "
        + $"{(onUser is { } x ? $"{x:G9} plays" : "nothing")} in the user's history, {(onArtist is { } y ? $"{y:G9} plays" : "nothing")} in the artist's listeners";

    private void Pair(int user, int artist, double? onUser, double? onArtist, string detail)
    {
        _mismatchedPairs++;
        if (_pairs.Count < Shown)
        {
            _pairs.Add(new CheckMismatchResult("pair", _users.Name(user), _artists.Name(artist), onUser, onArtist, detail));
        }
    }

    private void CatalogError(string kind, string? id, string detail) =>
        _catalogErrors.Add(new CheckMismatchResult("catalog", kind == "user" ? id : null, kind == "artist" ? id : null, null, null, detail));
}
