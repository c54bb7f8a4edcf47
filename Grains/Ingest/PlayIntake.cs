using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Serving;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// The silo services a user grain needs to take plays: the catalogs (ids to dense indexes), the
/// listener buffer that owes the artist grains their changes, and the ingest counters.
/// </summary>
public sealed class PlayIntake(ListenerBuffer listeners, IngestCounters counters, ArtistDirectory directory, IGrainFactory grains, IOptions<LiveOptions> options)
{
    private readonly CatalogBatcher _users = new(grains, CatalogKind.Users);

    public IngestCounters Counters => counters;

    /// <summary>Sequence numbers remembered per producer (Live:DedupeWindow).</summary>
    public int DedupeWindow { get; } = options.Value.DedupeWindow;

    /// <summary>The user's dense index: registered by the importer already, or new (registrations of the silo's user grains go together).</summary>
    public Task<int> RegisterUserAsync(string user) => _users.RegisterAsync(user);

    /// <summary>
    /// Dense indexes of the artists: those this silo already knows resolve locally; on a miss the silo loads
    /// what the catalog registered since (an import registers its artists first), and only artists still
    /// unknown are registered.
    /// </summary>
    public async Task<Dictionary<string, int>> ResolveArtistsAsync(PublishedModel? published, IEnumerable<string> artists)
    {
        if (published is not null)
        {
            await directory.GetAsync(published.Artists);
        }

        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = Known(artists.Distinct(StringComparer.Ordinal), indexOf);
        if (unknown.Count > 0)
        {
            await directory.RefreshAsync();
            unknown = Known(unknown, indexOf);
        }

        if (unknown.Count > 0)
        {
            var registered = await grains.GetGrain<ICatalogGrain>(CatalogKind.Artists).Register([.. unknown.Select(a => new CatalogEntry(a))]);
            for (var i = 0; i < unknown.Count; i++)
            {
                indexOf[unknown[i]] = registered[i];
            }
        }

        return indexOf;
    }

    /// <summary>Adds the artists this silo knows to <paramref name="indexOf"/>; returns the others.</summary>
    private List<string> Known(IEnumerable<string> artists, Dictionary<string, int> indexOf)
    {
        var unknown = new List<string>();
        foreach (var a in artists)
        {
            if (directory.TryGetIndex(a, out var known))
            {
                indexOf[a] = known;
            }
            else
            {
                unknown.Add(a);
            }
        }

        return unknown;
    }

    /// <summary>
    /// Queues the listener changes the applied events owe the artists, with the user's new factor when there
    /// is one: then every artist this user played re-solves against it (a count of 0 carries only the
    /// factor). Waits while the artists lag far behind (backpressure on the stream).
    /// </summary>
    public async Task ForwardAsync(PublishedModel? published, UserState state, IReadOnlyList<PlayEvent> fresh, IReadOnlyDictionary<string, int> indexOf, float[]? factor)
    {
        var shared = factor is null || published is null ? null : factor[..published.Options.Factors];
        foreach (var e in fresh)
        {
            var artist = indexOf[e.Artist];
            listeners.Add(e.Artist, artist, state.Index, e.Count, shared, directory.NameOf(artist));
        }

        if (shared is not null)
        {
            var names = await directory.GetAsync(published!.Artists);
            var freshIndexes = indexOf.Values.ToHashSet();
            foreach (var artist in state.Plays.Indexes.AsSpan(0, state.Plays.CountBelow(Math.Min(names.Count, published.Artists))))
            {
                if (!freshIndexes.Contains(artist))
                {
                    listeners.Add(names[artist].Id, artist, state.Index, 0f, shared);
                }
            }
        }

        await listeners.WaitForRoomAsync();
    }
}
