using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>A user's stored plays as the history answer: per artist the count and the latest play's time (0: unknown).</summary>
public static class PlayHistory
{
    public static UserHistory Of(string user, UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var p = state.Plays;
        var plays = ImmutableArray.CreateBuilder<ArtistPlay>(p.Length);
        for (var i = 0; i < p.Length; i++)
        {
            plays.Add(new ArtistPlay(p.Indexes[i], p.Counts[i], p.Latest.Length > i ? p.Latest[i] : 0));
        }

        return new UserHistory(user, state.Index, plays.MoveToImmutable());
    }
}
