using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// The factor a user grain's answers use, held by the activation: the trained x_u when the published model
/// saw all of the user's plays (read once per version from its factor block), otherwise an exact fold-in of
/// the full history against that version's artist factors (once per version and batch). The rows held are
/// counted in the silo's <see cref="HeldFactorBytes"/>.
/// </summary>
public sealed class UserFactor(Recommender serving, HeldFactorBytes held, IngestCounters counters)
{
    private (int Version, float[] Factor)? _trained;
    private (int Version, float[] Factor)? _foldIn;
    private long _bytes;

    /// <summary>The plays changed: the next answer folds in again.</summary>
    public void PlaysChanged() => _foldIn = null;

    public async Task<(float[]? Factor, RecommendationSource Source)> GetAsync(PublishedModel? published, UserState state)
    {
        var answer = await FindAsync(published, state);
        Count();
        return answer;
    }

    /// <summary>The activation ends: its rows are no longer held.</summary>
    public void Release()
    {
        held.AddUserRows(-_bytes);
        _bytes = 0;
    }

    private async Task<(float[]? Factor, RecommendationSource Source)> FindAsync(PublishedModel? published, UserState state)
    {
        if (published is null)
        {
            return (null, RecommendationSource.Popularity);
        }

        if (_foldIn is { } f && f.Version == published.Version)
        {
            return (f.Factor, RecommendationSource.FoldIn);
        }

        var stale = state.Index >= published.Users || state.LastChange >= published.RunStarted;
        if (!stale)
        {
            return (await TrainedAsync(published, state.Index), RecommendationSource.Model);
        }

        var x = await serving.FoldInAsync(published, state.Plays);
        if (x is null)
        {
            return (null, RecommendationSource.Popularity);
        }

        _foldIn = (published.Version, x);
        counters.FoldedIn();
        return (x, RecommendationSource.FoldIn);
    }

    /// <summary>x_u of the published version (see <see cref="Recommender.TrainedFactorAsync"/>), kept until the version changes.</summary>
    private async Task<float[]?> TrainedAsync(PublishedModel published, int index)
    {
        if (_trained is { } s && s.Version == published.Version)
        {
            return s.Factor;
        }

        var factor = await serving.TrainedFactorAsync(published, index);
        if (factor is not null)
        {
            _trained = (published.Version, factor);
        }

        return factor;
    }

    private void Count()
    {
        var bytes = (long)((_trained?.Factor.Length ?? 0) + (_foldIn?.Factor.Length ?? 0)) * sizeof(float);
        held.AddUserRows(bytes - _bytes);
        _bytes = bytes;
    }
}
