using System.Globalization;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

public sealed class TestSetProfileTests
{
    private static readonly CsrMatrix Plays = RandomPlays.Create(users: 400, artists: 200, maxPerUser: 40, seed: 8);
    private static readonly string[] UserIds = Enumerable.Range(0, 400).Select(u => u.ToString(CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] ArtistIds = Enumerable.Range(0, 200).Select(a => (1000 + a).ToString(CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void A_uniform_draw_looks_uniform()
    {
        var (train, test) = Holdout.Split(Plays, 0.25, 5, 77);

        var profile = TestSetProfile.Of(train, test, ArtistIds);

        Assert.True(profile.LooksUniform, $"adjacency z {profile.AdjacencyZ:F1}, popularity z {profile.PopularityZ:F1}");
    }

    [Fact]
    public void A_hash_of_the_ids_does_not()
    {
        var (train, test) = HashSplit.Split(Plays, UserIds, ArtistIds, SplitKind.Hash, 0.25, seed: 2);

        var profile = TestSetProfile.Of(train, test, ArtistIds);

        Assert.False(profile.LooksUniform, $"adjacency z {profile.AdjacencyZ:F1}, popularity z {profile.PopularityZ:F1}");
    }
}
