using Microsoft.Extensions.Logging;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// A user activation's view of its outbox against storage: entries the artists acknowledged through this silo are
/// dropped from memory at once (on activation too: a user an import activated may have left before the flush that
/// delivered its changes), and the activation remembers that storage still holds them until a write stores the
/// shorter outbox. An empty, stored outbox lets the silo forget the user's acknowledgment. What only the activation
/// dropped is not written when the activation leaves: training's gather reactivates every user once (on a loaded
/// host those 200,000 reactivations kept a silo from answering for 30 s), and a write each would double its storage
/// calls; storage keeps those entries until the user's next write, and the silo keeps their acknowledgment, so each
/// activation drops them again.
/// </summary>
public sealed class OutboxTrim(PlayIntake intake)
{
    private bool _unstored;

    /// <summary>Entries were dropped after the activation: leaving stores the shorter outbox.</summary>
    private bool _dueOnLeaving;

    /// <summary>On activation: drops the acknowledged entries in memory only (see the type's remarks).</summary>
    public void Activated(UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _unstored = state.Index >= 0 && Outbox.Trim(state, intake.Acknowledged(state.Index)) > 0;
    }

    /// <summary>Drops the acknowledged entries; true while storage holds entries memory no longer has (a write is due).</summary>
    public bool Apply(UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Index >= 0 && Outbox.Trim(state, intake.Acknowledged(state.Index)) > 0)
        {
            _unstored = _dueOnLeaving = true;
        }

        return _unstored;
    }

    /// <summary>
    /// On deactivation: stores the shorter outbox when entries were dropped since the activation (unless memory may be
    /// ahead of storage, <paramref name="broken"/>). A failure is logged and harmless: the entries were delivered, and
    /// resending them on the next activation changes nothing.
    /// </summary>
    public async Task StoreOnDeactivationAsync(IPersistentState<UserState> state, bool broken, ILogger logger, string user, DeactivationReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        Apply(state.State);
        if (broken || !_dueOnLeaving)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync(cancellationToken);
            Stored(state.State);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "User {User}: could not store the trimmed outbox on deactivation ({Reason})", user, reason);
        }
    }

    /// <summary>Storage now holds the outbox as memory has it.</summary>
    public void Stored(UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _unstored = _dueOnLeaving = false;
        if (state.Index >= 0 && state.Outbox.Length == 0)
        {
            intake.Forget(state.Index, state.OutboxSequence);
        }
    }
}
