namespace MusicRecs.Grains.Data;

/// <summary>
/// The artists of a generated world: a name, a genre and a Zipf-like popularity each, with
/// samplers over all artists and within each genre.
/// </summary>
internal sealed class SyntheticCatalog
{
    // Genre sizes fall off gently, so there are a few broad genres and several niche ones.
    private const double GenreSizeExponent = 0.6;

    public SyntheticCatalog(SyntheticOptions options, Random random)
    {
        var artists = options.Artists;
        var genres = options.Genres;

        // Popularity ranks are shuffled so an artist's index says nothing about its popularity.
        var rank = new int[artists];
        for (var a = 0; a < artists; a++)
        {
            rank[a] = a;
        }

        random.Shuffle(rank);
        var popularity = new double[artists];
        for (var a = 0; a < artists; a++)
        {
            popularity[a] = 1.0 / Math.Pow(rank[a] + 1, options.ZipfExponent);
        }

        var genreIds = Enumerable.Range(0, genres).ToArray();
        var genreWeights = genreIds.Select(g => 1.0 / Math.Pow(g + 1, GenreSizeExponent)).ToArray();
        var genreOfArtist = new WeightedSampler(genreIds, genreWeights);
        Genre = new int[artists];
        for (var a = 0; a < artists; a++)
        {
            // The first artists seed every genre so none is empty.
            Genre[a] = a < genres ? a : genreOfArtist.Sample(random);
        }

        var members = new List<int>[genres];
        for (var g = 0; g < genres; g++)
        {
            members[g] = [];
        }

        for (var a = 0; a < artists; a++)
        {
            members[Genre[a]].Add(a);
        }

        WithinGenre = members
            .Select(m => new WeightedSampler([.. m], [.. m.Select(a => popularity[a])]))
            .ToArray();
        AllArtists = new WeightedSampler(Enumerable.Range(0, artists).ToArray(), popularity);
        GenreChoice = new WeightedSampler(genreIds, genreWeights);

        var names = new ArtistNameMaker(random);
        Names = new string[artists];
        for (var a = 0; a < artists; a++)
        {
            Names[a] = names.Next();
        }
    }

    public string[] Names { get; }

    public int[] Genre { get; }

    public WeightedSampler[] WithinGenre { get; }

    public WeightedSampler AllArtists { get; }

    /// <summary>How likely a genre is to be someone's favourite: broad genres have more fans.</summary>
    public WeightedSampler GenreChoice { get; }
}
