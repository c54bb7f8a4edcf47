using MusicRecs.Client.Check;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.Check;

/// <summary>The comparison behind <c>musicrecs check</c>, on hand-made grain answers.</summary>
public sealed class CheckComparisonTests
{
    private static readonly CatalogIds Users = new(CatalogKind.Users, 2, ["u0", "u1"]);
    private static readonly CatalogIds Artists = new(CatalogKind.Artists, 2, ["a0", "a1"]);

    [Fact]
    public void Equal_sides_are_consistent_within_the_float_tolerance()
    {
        // 0.1f added in another order on the artist side differs in the last bits only.
        var result = CheckComparison.Compare(Users, Artists, [History("u0", 0, (0, 1.1f), (1, 2f)), History("u1", 1, (0, 3f))], [Listeners(0, (0, 1.1000001f), (1, 3f)), Listeners(1, (0, 2f))], 0, 1);

        Assert.True(result.Consistent);
        Assert.Equal(0, result.MismatchedPairs);
        Assert.Equal(6.1, result.UserSidePlays, 5);
        Assert.Equal(6.1, result.ArtistSidePlays, 5);
        Assert.Empty(result.FirstMismatches);
    }

    [Fact]
    public void A_differing_count_and_a_pair_on_one_side_only_are_named()
    {
        var result = CheckComparison.Compare(Users, Artists, [History("u0", 0, (0, 1f)), History("u1", 1, (1, 4f))], [Listeners(0, (0, 1.5f), (1, 2f)), Listeners(1)], 0, 1);

        Assert.False(result.Consistent);
        Assert.Equal(3, result.MismatchedPairs);
        Assert.Collection(
            result.FirstMismatches,
            m => Assert.Equal(("pair", "u0", "a0", 1.0, 1.5), (m.Kind, m.User, m.Artist, m.UserPlays, m.ArtistPlays)),
            m => Assert.Equal(("pair", "u1", "a0", (double?)null, 2.0), (m.Kind, m.User, m.Artist, m.UserPlays, m.ArtistPlays)),
            m => Assert.Equal(("pair", "u1", "a1", 4.0, (double?)null), (m.Kind, m.User, m.Artist, m.UserPlays, m.ArtistPlays)));
    }

    [Fact]
    public void Pending_changes_alone_make_the_cluster_inconsistent()
    {
        var result = CheckComparison.Compare(Users, Artists, [History("u0", 0), History("u1", 1)], [Listeners(0), Listeners(1)], 7, 1);

        Assert.False(result.Consistent);
        Assert.Equal(7, result.PendingDeltas);
        Assert.Equal(0, result.MismatchedPairs);
    }

    [Fact]
    public void Catalog_errors_name_a_wrong_index_a_shared_index_a_gap_and_a_repeated_id()
    {
        var users = new CatalogIds(CatalogKind.Users, 4, ["u0", "u1", "u0"]);
        var result = CheckComparison.Compare(users, Artists, [History("u0", 0, (0, 1f)), History("u1", 0, (0, 1f)), History("u0", 0, (0, 1f))], [Listeners(0, (0, 1f), (1, 1f), (2, 1f)), Listeners(-1)], 0, 1);

        Assert.False(result.Consistent);
        Assert.Equal(0, result.MismatchedPairs);
        var details = result.FirstMismatches.Select(m => m.Detail).ToArray();
        Assert.Contains(details, d => d.Contains("counts 4 ids but lists 3", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'u0' is listed at index 0 and again at 2", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'u1' holds index 0, the catalog lists it at 1", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("'u0' and 'u1' both hold index 0", StringComparison.Ordinal));
        Assert.All(result.FirstMismatches, m => Assert.Equal("catalog", m.Kind));
        Assert.Equal(result.CatalogErrors, result.FirstMismatches.Length);
    }

    [Fact]
    public void An_artist_registered_before_its_first_listener_is_no_catalog_error()
    {
        var result = CheckComparison.Compare(Users, Artists, [History("u0", 0, (0, 1f)), History("u1", -1)], [Listeners(0, (0, 1f)), Listeners(-1)], 0, 1);

        Assert.True(result.Consistent, string.Join("; ", result.FirstMismatches.Select(m => m.Detail)));
    }

    private static UserHistory History(string user, int index, params (int Artist, float Count)[] plays) =>
        new(user, index, [.. plays.Select(p => new ArtistPlay(p.Artist, p.Count))]);

    private static Observations Listeners(int index, params (int User, float Count)[] listeners) =>
        new(index, [.. listeners.Select(l => l.User)], [.. listeners.Select(l => l.Count)]);
}
