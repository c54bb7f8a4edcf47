using System.Text;

namespace MusicRecs.Grains.Data;

/// <summary>
/// Invents unique, pronounceable band and artist names ("Velvet Harbor", "The Kiru Lanterns",
/// "Dovamei") so generated data reads like music in demos. Names never contain tabs, commas or
/// quotes, so they survive a round trip through a delimited file unchanged.
/// </summary>
internal sealed class ArtistNameMaker(Random random)
{
    private static readonly string[] Onsets =
        ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "sh", "ch", "gl", "pl", "j"];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "a", "o", "ei", "ou", "ae"];

    private static readonly string[] Codas = ["", "", "", "n", "r", "l", "s", "m", "k", "x", "th"];

    private static readonly string[] Adjectives =
    [
        "Velvet", "Silver", "Hollow", "Neon", "Crimson", "Golden", "Quiet", "Electric", "Paper", "Midnight",
        "Broken", "Wild", "Lunar", "Static", "Northern", "Amber", "Glass", "Iron", "Painted", "Distant",
        "Frozen", "Burning", "Little", "Secret", "Violet", "Copper", "Marble", "Gentle", "Restless", "Wandering",
        "Solar", "Sleeping", "Crystal", "Savage", "Pale", "Endless", "Cosmic", "Rusty", "Sunken", "Scarlet",
    ];

    private static readonly string[] Nouns =
    [
        "Harbor", "Garden", "Engine", "Cathedral", "Parade", "Frontier", "Mansion", "Circuit", "Meadow", "Tower",
        "Horizon", "Avenue", "Reverie", "Collective", "Orchestra", "Society", "Kingdom", "Hotel", "Machine", "Lagoon",
        "Carnival", "Monsoon", "Station", "Temple", "Empire", "Highway", "Forest", "Bureau", "Motel", "Desert",
    ];

    private static readonly string[] PluralNouns =
    [
        "Lanterns", "Wolves", "Echoes", "Satellites", "Rivers", "Foxes", "Tides", "Pilots", "Ghosts", "Mirrors",
        "Orchards", "Sparrows", "Machines", "Comets", "Shadows", "Giants", "Strangers", "Canyons", "Horses", "Signals",
        "Owls", "Saints", "Lovers", "Thieves", "Islands", "Kites", "Bells", "Dreamers", "Twins", "Arrows",
    ];

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Next()
    {
        // Random patterns collide rarely; after a few tries a number makes the name unique for sure.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var name = Make();
            if (_used.Add(name))
            {
                return name;
            }
        }

        var stem = Make();
        for (var n = 2; ; n++)
        {
            var name = $"{stem} {n}";
            if (_used.Add(name))
            {
                return name;
            }
        }
    }

    private string Make() => random.Next(10) switch
    {
        0 or 1 => $"{Pick(Adjectives)} {Pick(Nouns)}",
        2 or 3 => $"The {Word()} {Pick(PluralNouns)}",
        4 => $"The {Pick(Adjectives)} {Pick(PluralNouns)}",
        5 => Word(3),
        6 => $"{Word()} {Word()}",
        7 => $"{Word()} & the {Pick(PluralNouns)}",
        8 => $"{Pick(["DJ", "MC", "Lil", "Saint"])} {Word()}",
        _ => $"{Word()} {Pick(Nouns)}",
    };

    private string Word(int maxSyllables = 2)
    {
        var syllables = 1 + random.Next(maxSyllables) + (random.Next(3) == 0 ? 1 : 0);
        var word = new StringBuilder();
        for (var s = 0; s < syllables; s++)
        {
            word.Append(Pick(Onsets)).Append(Pick(Vowels));
        }

        word.Append(Pick(Codas));
        word[0] = char.ToUpperInvariant(word[0]);
        return word.ToString();
    }

    private string Pick(string[] words) => words[random.Next(words.Length)];
}
