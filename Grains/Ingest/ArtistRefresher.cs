using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Training;

namespace MusicRecs.Grains.Ingest;

/// <summary>The live refresh of artist factors, shared by the silo's artist grains (each passes what its activation keeps).</summary>
public sealed class ArtistRefresher(Recommender serving, PublishedUserRows userRows, ArtistOverlay overlay, ArtistFactorBuffer refreshed, IOptions<LiveOptions> options)
{
    [ThreadStatic]
    private static RefreshScratch? t_scratch;

    /// <summary>Whether artist activations that served only bulk work leave once idle (Live:ReleaseBulkActivations).</summary>
    public bool ReleaseBulkActivations { get; } = options.Value.ReleaseBulkActivations;

    /// <summary>
    /// Live plays changed this artist's listeners: re-solve y_i against the published user factors, with
    /// the listeners that just played replaced by their folded-in factors (the published Gramian is kept),
    /// and offer it to the silos. The solve is the training kernel warm-started from the artist's current
    /// factor (its last refresh, or the published row), so a refresh costs what a training step does; an
    /// artist the model does not know yet gets its first factor exactly (Cholesky) once it has enough
    /// listeners. An artist with more than Live:RefreshMaxListeners listeners waits for training instead,
    /// which bounds a refresh's work and its scratch memory.
    /// </summary>
    public async Task RefreshAsync(ArtistLiveState artist, int index, SortedCounts listeners, ImmutableArray<ListenerPlay> live)
    {
        var published = await serving.PublishedAsync();
        if (published is null)
        {
            return;
        }

        if (artist.Version != published.Version)
        {
            artist.Listeners.Clear();
            artist.Version = published.Version;
        }

        foreach (var l in live.Where(l => l.Factor is not null))
        {
            artist.Listeners[l.User] = l.Factor!;
        }

        var o = published.Options.ToAls();
        if (listeners.Length > options.Value.RefreshMaxListeners)
        {
            // Bounded work per flush: one listener barely moves a factor fitted to this many; training refreshes it.
            return;
        }

        if (index >= published.Artists && listeners.Length < published.Options.NewArtistMinListeners)
        {
            return;
        }

        // Only the listeners' published rows and the stored Gramian: no silo-wide copy of X.
        var gramian = await userRows.GramianAsync(published);
        var publishedRows = await userRows.RowsAsync(published, Unfolded(artist, listeners));
        var start = artist.Refreshed is { } r && r.Version == published.Version ? r.Factor : null;
        if (start is null && index < published.Artists)
        {
            start = (await overlay.GetAsync(published)).Factors.Vector(index).ToArray();
        }

        var stride = FactorMatrix.PaddedStride(o.Factors);
        var scratch = t_scratch is { } s && s.Stride == stride ? s : t_scratch = new RefreshScratch(stride);
        var (rows, excess) = scratch.Rows(listeners.Length, o.Factors);
        var count = 0;
        var next = 0;
        for (var t = 0; t < listeners.Length; t++)
        {
            var u = listeners.Indexes[t];
            if (artist.Listeners.TryGetValue(u, out var folded))
            {
                folded.AsSpan(0, o.Factors).CopyTo(rows.Row(count));
            }
            else if (publishedRows[next++] is { } row)
            {
                row.AsSpan(0, o.Factors).CopyTo(rows.Row(count));
            }
            else
            {
                continue;
            }

            excess[count++] = listeners.Counts[t];
        }

        Confidence.Fill(excess.AsSpan(0, count), excess, o);

        if (count == 0)
        {
            return;
        }

        var x = scratch.Start(start);
        var solver = start is null ? SolverKind.Cholesky : o.Solver;
        RowSolver.Solve(solver, o.CgSteps, gramian, rows, scratch.Indexes(count), excess.AsSpan(0, count), x, scratch.Workspace);

        // One array per refresh, shared by this grain (next warm start), the buffer and the delta grain: never changed after.
        var y = x[..o.Factors].ToArray();
        artist.Refreshed = (published.Version, y);
        refreshed.Add(published.Model, published.Version, index, y);
    }

    /// <summary>The listeners whose published row the refresh reads (those without a folded-in factor), in list order.</summary>
    private static List<int> Unfolded(ArtistLiveState artist, SortedCounts listeners)
    {
        var users = new List<int>(listeners.Length);
        for (var t = 0; t < listeners.Length; t++)
        {
            if (!artist.Listeners.ContainsKey(listeners.Indexes[t]))
            {
                users.Add(listeners.Indexes[t]);
            }
        }

        return users;
    }
}
