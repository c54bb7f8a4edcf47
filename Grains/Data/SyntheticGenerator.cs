using System.Text;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Data;

/// <summary>
/// Generates music-like implicit feedback: artists in genres with Zipf-like popularity, users
/// with 1-3 favourite genres who draw most of their artists from them, log-normal numbers of
/// distinct artists per user and log-normal play counts. Seeded, so the same options always
/// give byte-identical data.
/// </summary>
public sealed class SyntheticGenerator
{
    // Favourite genres in order of attachment: the first one dominates.
    private static readonly double[] FavouriteWeights = [1.0, 0.6, 0.35];

    // After this many repeats a user's taste counts as exhausted and the draw widens.
    private const int MaxRedraws = 64;

    public SyntheticGenerator(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public SyntheticOptions Options { get; }

    /// <summary>The id of generated user <paramref name="user"/> (0-based).</summary>
    public static string UserId(int user) => $"u{user + 1:D6}";

    /// <summary>The genre (0-based) of every generated artist, by name; for checking and explaining recommendations.</summary>
    public IReadOnlyDictionary<string, int> ArtistGenres()
    {
        var catalog = new SyntheticCatalog(Options, new Random(Options.Seed));
        var genres = new Dictionary<string, int>(catalog.Names.Length, StringComparer.Ordinal);
        for (var a = 0; a < catalog.Names.Length; a++)
        {
            genres.Add(catalog.Names[a], catalog.Genre[a]);
        }

        return genres;
    }

    /// <summary>The dataset in memory; artist ids are the artist names, so it equals what <see cref="WriteDelimited"/> loads back.</summary>
    public Dataset Generate()
    {
        var users = new IdIndex();
        var artists = new IdIndex();
        var triples = new TripleBuffer();
        Run((user, artist, count) =>
        {
            // Indexes are handed out in row order, as a reader of the written file would.
            triples.Add(users.GetOrAdd(UserId(user)), artists.GetOrAdd(artist), count);
        });
        var plays = CsrMatrix.FromTriples(users.Count, artists.Count, triples.Rows, triples.Columns, triples.Values);
        return new Dataset(users, artists, plays);
    }

    /// <summary>Streams <c>user&lt;TAB&gt;artist&lt;TAB&gt;count</c> rows under a header; returns the number of rows.</summary>
    public long WriteDelimited(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.Write("user\tartist\tcount\n");
        long rows = 0;
        var lastUser = -1;
        var userId = string.Empty;
        var number = new char[20];
        Run((user, artist, count) =>
        {
            if (user != lastUser)
            {
                lastUser = user;
                userId = UserId(user);
            }

            writer.Write(userId);
            writer.Write('\t');
            writer.Write(artist);
            writer.Write('\t');
            ((long)count).TryFormat(number, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
            writer.Write(number, 0, length);
            writer.Write('\n');
            rows++;
        });
        return rows;
    }

    private void Run(Action<int, string, float> play)
    {
        var options = Options;
        var random = new Random(options.Seed);
        var catalog = new SyntheticCatalog(options, random);
        var artists = options.Artists;
        var logMedian = Math.Log(options.MedianArtistsPerUser);

        // Which user last took each artist: a duplicate check without a set per user.
        var takenBy = new int[artists];
        Array.Fill(takenBy, -1);
        Span<int> favourites = stackalloc int[FavouriteWeights.Length];

        for (var user = 0; user < options.Users; user++)
        {
            var favouriteCount = PickFavourites(catalog, random, favourites);
            var distinct = (int)Math.Clamp(Math.Round(Math.Exp(logMedian + options.ActivitySigma * random.NextGaussian())), 1, artists);
            for (var i = 0; i < distinct; i++)
            {
                var artist = DrawArtist(catalog, random, favourites[..favouriteCount], user, takenBy);
                takenBy[artist] = user;
                var count = Math.Max(1.0, Math.Round(random.NextLogNormal(options.PlayCountMedian, options.PlayCountSigma)));
                play(user, catalog.Names[artist], (float)Math.Min(count, FieldParsing.MaxCount));
            }
        }
    }

    private static int PickFavourites(SyntheticCatalog catalog, Random random, Span<int> favourites)
    {
        var genres = catalog.WithinGenre.Length;
        var count = Math.Min(1 + random.Next(FavouriteWeights.Length), genres);
        for (var f = 0; f < count; f++)
        {
            int genre;
            do
            {
                genre = catalog.GenreChoice.Sample(random);
            }
            while (favourites[..f].Contains(genre));

            favourites[f] = genre;
        }

        return count;
    }

    private int DrawArtist(SyntheticCatalog catalog, Random random, ReadOnlySpan<int> favourites, int user, int[] takenBy)
    {
        for (var attempt = 0; attempt < MaxRedraws; attempt++)
        {
            int artist;
            if (random.NextDouble() < Options.GenreAffinity)
            {
                artist = catalog.WithinGenre[favourites[PickFavourite(random, favourites.Length)]].Sample(random);
            }
            else
            {
                artist = catalog.AllArtists.Sample(random);
            }

            if (takenBy[artist] != user)
            {
                return artist;
            }
        }

        // The user's genres are exhausted: popular artists of any genre come next.
        for (var attempt = 0; attempt < MaxRedraws; attempt++)
        {
            var artist = catalog.AllArtists.Sample(random);
            if (takenBy[artist] != user)
            {
                return artist;
            }
        }

        // Only users with nearly every artist get here.
        var start = random.Next(takenBy.Length);
        for (var step = 0; step < takenBy.Length; step++)
        {
            var artist = (start + step) % takenBy.Length;
            if (takenBy[artist] != user)
            {
                return artist;
            }
        }

        throw new InvalidOperationException("No artist left to draw.");
    }

    private static int PickFavourite(Random random, int count)
    {
        var total = 0.0;
        for (var f = 0; f < count; f++)
        {
            total += FavouriteWeights[f];
        }

        var target = random.NextDouble() * total;
        for (var f = 0; f < count - 1; f++)
        {
            target -= FavouriteWeights[f];
            if (target < 0)
            {
                return f;
            }
        }

        return count - 1;
    }
}
