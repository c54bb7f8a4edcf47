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
    public IngestCounters Counters => counters;

    /// <summary>Sequence numbers remembered per producer (Live:DedupeWindow).</summary>
    public int DedupeWindow { get; } = options.Value.DedupeWindow;

    public async Task<int> RegisterUserAsync(string user) =>
        (await grains.GetGrain<ICatalogGrain>(CatalogKind.Users).Register([new CatalogEntry(user)]))[0];

    /// <summary>Dense indexes of the artists: those this silo already knows resolve locally, only new ones go to the (single) catalog grain.</summary>
    public async Task<Dictionary<string, int>> ResolveArtistsAsync(PublishedModel? published, IEnumerable<string> artists)
    {
        if (published is not null)
        {
            await directory.GetAsync(published.Artists);
        }

        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var a in artists.Distinct(StringComparer.Ordinal))
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
            listeners.Add(e.Artist, indexOf[e.Artist], state.Index, e.Count, shared);
        }

        if (shared is not null)
        {
            var names = await directory.GetAsync(published!.Artists);
            var freshIndexes = indexOf.Values.ToHashSet();
            foreach (var artist in state.Plays.Indexes.AsSpan(0, state.Plays.CountBelow(names.Count)))
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
