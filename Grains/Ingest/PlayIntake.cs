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

    /// <summary>How long a producer may be idle before its applied ids are forgotten (Live:ProducerMaxIdle).</summary>
    public TimeSpan ProducerMaxIdle { get; } = options.Value.ProducerMaxIdle;

    /// <summary>Whether activations that served only bulk work leave once idle (Live:ReleaseBulkActivations).</summary>
    public bool ReleaseBulkActivations { get; } = options.Value.ReleaseBulkActivations;

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

        var indexOf = new Dictionary<string, int>(artists.TryGetNonEnumeratedCount(out var n) ? n : 0, StringComparer.Ordinal);
        var unknown = Known(artists, indexOf);
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

    /// <summary>Adds the artists this silo knows to <paramref name="indexOf"/>; returns the others, each once.</summary>
    private List<string> Known(IEnumerable<string> artists, Dictionary<string, int> indexOf)
    {
        var unknown = new List<string>();
        HashSet<string>? seen = null;
        foreach (var a in artists)
        {
            if (indexOf.ContainsKey(a) || (seen is not null && seen.Contains(a)))
            {
                continue;
            }

            if (directory.TryGetIndex(a, out var known))
            {
                indexOf[a] = known;
            }
            else
            {
                (seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(a);
                unknown.Add(a);
            }
        }

        return unknown;
    }

    /// <summary>The highest outbox entry of the user the artists have persisted through this silo.</summary>
    public long Acknowledged(int user) => listeners.Acknowledged(user);

    /// <summary>The user's outbox is empty through <paramref name="sequence"/>.</summary>
    public void Forget(int user, long sequence) => listeners.Forget(user, sequence);

    /// <summary>
    /// Hands the whole outbox to the silo's buffer again (after a reactivation, a failed write whose data
    /// landed, or a consistency check): the artists apply each entry once, so what they have is skipped.
    /// </summary>
    public async Task ResendAsync(UserState state)
    {
        var log = state.Outbox;
        if (log.Length == 0)
        {
            return;
        }

        var names = await directory.GetAsync(log.Artists.Max() + 1);
        foreach (var e in log.Entries())
        {
            listeners.Add(names[e.Artist].Id, e.Artist, state.Index, e.Count, null, names[e.Artist].Name, e.Sequence);
        }
    }

    /// <summary>
    /// Queues the outbox entries of a batch (artist ids by <paramref name="indexOf"/>), with the user's new
    /// factor when there is one; the factor also goes (with a count of 0) to at most Live:FactorFanOut other
    /// artists of the model the user played, the most played first, which re-solve against it. Waits while
    /// the artists lag far behind (backpressure on the stream).
    /// </summary>
    public async Task ForwardAsync(PublishedModel? published, UserState state, IReadOnlyList<OutboxEntry> owed, IReadOnlyDictionary<string, int> indexOf, float[]? factor)
    {
        var shared = factor is null || published is null ? null : factor[..published.Options.Factors];
        var idOf = new Dictionary<int, string>(indexOf.Count);
        foreach (var (id, index) in indexOf)
        {
            idOf[index] = id;
        }

        foreach (var e in owed)
        {
            listeners.Add(idOf[e.Artist], e.Artist, state.Index, e.Count, shared, directory.NameOf(e.Artist), e.Sequence);
        }

        if (shared is not null && options.Value.FactorFanOut > 0)
        {
            var names = await directory.GetAsync(published!.Artists);
            var played = owed.Select(e => e.Artist).ToHashSet();
            foreach (var artist in MostPlayed(state.Plays, Math.Min(names.Count, published.Artists), played, options.Value.FactorFanOut))
            {
                listeners.Add(names[artist].Id, artist, state.Index, 0f, shared);
            }
        }

        await listeners.WaitForRoomAsync();
    }

    /// <summary>Up to <paramref name="limit"/> artists below <paramref name="artists"/>, not excluded, with the highest counts.</summary>
    internal static IEnumerable<int> MostPlayed(SortedCounts plays, int artists, IReadOnlySet<int> excluded, int limit)
    {
        var top = new PriorityQueue<int, (float Count, int Artist)>();
        var end = plays.CountBelow(artists);
        for (var i = 0; i < end; i++)
        {
            var artist = plays.Indexes[i];
            if (excluded.Contains(artist))
            {
                continue;
            }

            // Min-heap on (count, -artist): the least-played (then highest index) leaves first.
            top.Enqueue(artist, (plays.Counts[i], -artist));
            if (top.Count > limit)
            {
                top.Dequeue();
            }
        }

        return top.UnorderedItems.Select(t => t.Element);
    }
}
