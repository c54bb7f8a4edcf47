using System.Globalization;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// Play counts in a comparable form, by external id on both sides (so dense indexes, which depend on arrival
/// order when plays are streamed, do not matter): per user "artist=count" sorted by artist id, per artist
/// "user=count" sorted by user id. Read from a dataset file or from the cluster's user and artist grains.
/// </summary>
internal sealed record PlayCounts(IReadOnlyDictionary<string, string> Users, IReadOnlyDictionary<string, string> Artists)
{
    private const int CallsAtOnce = 256;

    /// <summary>What the file says (rows of one user and artist summed, as every reader sums them).</summary>
    public static PlayCounts Of(Dataset data)
    {
        var plays = data.Plays;
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var u = 0; u < plays.Rows; u++)
        {
            users[data.Users[u]] = Line(Cells(plays.RowIndexes(u), plays.RowValues(u), a => data.Artists[a]));
        }

        var listeners = plays.Transpose();
        var artists = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var a = 0; a < listeners.Rows; a++)
        {
            artists[data.Artists[a]] = Line(Cells(listeners.RowIndexes(a), listeners.RowValues(a), u => data.Users[u]));
        }

        return new PlayCounts(users, artists);
    }

    /// <summary>What the user grains and the artist grains of these ids hold, with the catalogs' index-to-id maps.</summary>
    public static async Task<PlayCounts> ReadAsync(IClusterClient client, IReadOnlyList<string> users, IReadOnlyList<string> artists)
    {
        var userIds = await IdsAsync(client, CatalogKind.Users);
        var artistIds = await IdsAsync(client, CatalogKind.Artists);
        string Id(IReadOnlyList<string> ids, int index) => index >= 0 && index < ids.Count ? ids[index] : $"#{index}?";

        var histories = await InChunksAsync(users, u => client.GetGrain<IUserGrain>(u).GetHistory());
        var observations = await InChunksAsync(artists, a => client.GetGrain<IArtistGrain>(a).GetObservations());
        var byUser = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            var plays = histories[i].Plays;
            byUser[users[i]] = Line(Cells([.. plays.Select(p => p.Artist)], [.. plays.Select(p => p.Count)], a => Id(artistIds, a)));
        }

        var byArtist = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < artists.Count; i++)
        {
            byArtist[artists[i]] = Line(Cells(observations[i].Indexes, observations[i].Counts, u => Id(userIds, u)));
        }

        return new PlayCounts(byUser, byArtist);
    }

    /// <summary>The users whose plays differ from <paramref name="expected"/>'s, each with both lines.</summary>
    public IReadOnlyList<string> UsersDifferingFrom(PlayCounts expected) => Differing(expected.Users, Users, "user");

    /// <summary>The artists whose listener counts differ from <paramref name="expected"/>'s, each with both lines.</summary>
    public IReadOnlyList<string> ArtistsDifferingFrom(PlayCounts expected) => Differing(expected.Artists, Artists, "artist");

    /// <summary>A failure message: how many differ and the first few of them.</summary>
    public static string Describe(IReadOnlyList<string> differences, string what) =>
        $"{differences.Count} {what} differ, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, differences.Take(5))}";

    private static List<string> Differing(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual, string kind) =>
        [.. expected
            .Where(e => !actual.TryGetValue(e.Key, out var a) || a != e.Value)
            .Select(e => $"{kind} {e.Key}: expected [{e.Value}] got [{(actual.TryGetValue(e.Key, out var a) ? a : "nothing")}]")];

    private static async Task<IReadOnlyList<string>> IdsAsync(IClusterClient client, string kind)
    {
        var catalog = client.GetGrain<ICatalogGrain>(kind);
        var count = await catalog.Count();
        var ids = new List<string>(count);
        while (ids.Count < count)
        {
            var range = await catalog.GetRange(ids.Count, Math.Min(20_000, count - ids.Count));
            if (range.IsEmpty)
            {
                break;
            }

            ids.AddRange(range.Select(e => e.Id));
        }

        return ids;
    }

    private static async Task<T[]> InChunksAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T>> call)
    {
        var results = new T[ids.Count];
        for (var start = 0; start < ids.Count; start += CallsAtOnce)
        {
            var chunk = await Task.WhenAll(ids.Skip(start).Take(CallsAtOnce).Select(call));
            chunk.CopyTo(results, start);
        }

        return results;
    }

    private static IEnumerable<(string Id, float Count)> Cells(ReadOnlySpan<int> indexes, ReadOnlySpan<float> counts, Func<int, string> id)
    {
        var cells = new List<(string, float)>(indexes.Length);
        for (var i = 0; i < indexes.Length; i++)
        {
            cells.Add((id(indexes[i]), counts[i]));
        }

        return cells;
    }

    private static string Line(IEnumerable<(string Id, float Count)> cells) =>
        string.Join(",", cells.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => $"{c.Id}={c.Count.ToString("R", CultureInfo.InvariantCulture)}"));
}
