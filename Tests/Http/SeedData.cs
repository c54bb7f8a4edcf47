namespace MusicRecs.Tests.Http;

/// <summary>
/// Three taste groups of ten artists; each of 45 users plays six artists of its group (more of the first)
/// and one of the next group once. Every play has an id, so seeding twice would apply once.
/// </summary>
public static class SeedData
{
    public const int Users = 45;
    public const int Groups = 3;
    public const int ArtistsPerGroup = 10;

    public static string User(int i) => $"user-{i}";

    public static string Artist(int group, int j) => $"g{group}-a{j}";

    public static List<Dictionary<string, object>> Plays()
    {
        var plays = new List<Dictionary<string, object>>();
        for (var i = 0; i < Users; i++)
        {
            var g = i % Groups;
            for (var t = 0; t < 6; t++)
            {
                plays.Add(Play(User(i), Artist(g, (i + t) % ArtistsPerGroup), 30 - (4 * t), $"seed-{i}-{t}"));
            }

            plays.Add(Play(User(i), Artist((g + 1) % Groups, i % ArtistsPerGroup), 1, $"seed-{i}-6"));
        }

        return plays;
    }

    public static Dictionary<string, object> Play(string user, string artist, double count, string id) =>
        new() { ["user"] = user, ["artist"] = artist, ["count"] = count, ["id"] = id };
}
