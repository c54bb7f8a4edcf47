using System.Globalization;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// The rules of a user's plays, free of Orleans: which events of a batch are valid and new, and how
/// plays merge into the stored counts. A user grain calls these between its reads and writes of state.
/// None of them throws for bad data: a stream consumer that throws blocks its stream.
/// </summary>
public static class UserPlays
{
    /// <summary>Largest play count, of one event or summed for one artist: the readers' limit (FieldParsing.MaxCount).</summary>
    public const double MaxCount = 1e15;

    /// <summary>Longest artist or producer id, as the HTTP API accepts ids.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Sorts a batch (see <see cref="Check(UserState, IEnumerable{PlayEvent?}?, int)"/>); a missing batch is one rejection.</summary>
    public static PlayCheck Check(UserState state, PlayBatch? batch, int window = AppliedEvents.Window) =>
        batch is null ? MissingBatch("the batch is missing") : Check(state, batch.Plays, window);

    /// <summary>Sorts a batch's plays; a default (missing) play list is one rejection.</summary>
    public static PlayCheck Check(UserState state, ImmutableArray<PlayEvent> plays, int window = AppliedEvents.Window) =>
        plays.IsDefault ? MissingBatch("the batch has no play list") : Check(state, (IEnumerable<PlayEvent?>)plays, window);

    /// <summary>
    /// Sorts a streamed batch: an event needs an artist and a producer (not blank, at most
    /// <see cref="MaxIdLength"/> characters) and a positive finite count of at most <see cref="MaxCount"/>,
    /// and the batch's counts for one artist may sum to at most <see cref="MaxCount"/> (the stored sum is
    /// checked by <see cref="LimitSums"/> once artists are resolved). A valid event is new when its
    /// (producer, sequence) is neither remembered by the state nor earlier in the same batch, too old when it
    /// lies below its producer's floor. Null events and a null list are rejections, not exceptions.
    /// <paramref name="window"/> is not needed to classify (the state's floors record overflow) and is kept for callers.
    /// </summary>
    public static PlayCheck Check(UserState state, IEnumerable<PlayEvent?>? plays, int window = AppliedEvents.Window)
    {
        ArgumentNullException.ThrowIfNull(state);
        _ = window;
        if (plays is null)
        {
            return MissingBatch("the batch has no play list");
        }

        var list = plays as IReadOnlyCollection<PlayEvent?>;
        var fresh = new List<PlayEvent>(list?.Count ?? 4);
        List<PlayEvent>? rejected = null;
        List<PlayEvent>? tooOld = null;
        List<string>? problems = null;

        // An event earlier in the batch with the same id is a duplicate; with one producer and rising
        // sequences (an import, a client's batch) none can be, and the set is not needed.
        HashSet<(string, long)>? inBatch = null;
        string? producer = null;
        var lastSequence = long.MinValue;

        // The batch's sum per artist must stay within MaxCount; while the whole batch sums to less, no artist's can exceed it.
        Dictionary<string, double>? sums = null;
        double total = 0;
        var duplicates = 0;
        var missing = 0;
        var position = -1;
        foreach (var e in plays)
        {
            position++;
            if (e is null)
            {
                missing++;
                (problems ??= []).Add($"event {position} of the batch is null");
                continue;
            }

            if (Problem(e) is { } problem)
            {
                (rejected ??= []).Add(e);
                (problems ??= []).Add($"event {position} ({Describe(e)}): {problem}");
                continue;
            }

            var status = AppliedEvents.Classify(state, e.Producer, e.Sequence);
            if (status == EventStatus.TooOld)
            {
                (tooOld ??= []).Add(e);
                continue;
            }

            if (status == EventStatus.Duplicate)
            {
                duplicates++;
                continue;
            }

            if (inBatch is null && (producer is null || (producer == e.Producer && e.Sequence > lastSequence)))
            {
                (producer, lastSequence) = (e.Producer, e.Sequence);
            }
            else
            {
                if (inBatch is null)
                {
                    inBatch = new HashSet<(string, long)>(fresh.Count + 1);
                    foreach (var f in fresh)
                    {
                        inBatch.Add((f.Producer, f.Sequence));
                    }
                }

                if (!inBatch.Add((e.Producer, e.Sequence)))
                {
                    duplicates++;
                    continue;
                }
            }

            total += e.Count;
            if (sums is null && total > MaxCount)
            {
                sums = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var f in fresh)
                {
                    sums[f.Artist] = sums.GetValueOrDefault(f.Artist) + f.Count;
                }
            }

            if (sums is not null)
            {
                var sum = sums.GetValueOrDefault(e.Artist) + e.Count;
                if (sum > MaxCount)
                {
                    // Not applied, so its id stays free for a valid resend (without the set, a resend comes with a
                    // sequence no higher than the last one, which switches to the set, built from the applied events).
                    inBatch?.Remove((e.Producer, e.Sequence));
                    total -= e.Count;
                    (rejected ??= []).Add(e);
                    (problems ??= []).Add($"event {position} ({Describe(e)}): the batch's counts for artist '{Shorten(e.Artist)}' would sum to {Show(sum)}, more than {Show(MaxCount)}");
                    continue;
                }

                sums[e.Artist] = sum;
            }

            fresh.Add(e);
        }

        return new PlayCheck(fresh, (IReadOnlyList<PlayEvent>?)rejected ?? [], duplicates)
        {
            TooOld = (IReadOnlyList<PlayEvent>?)tooOld ?? [],
            Missing = missing,
            Problems = (IReadOnlyList<string>?)problems ?? [],
        };
    }

    /// <summary>
    /// Moves the fresh events that would take the stored sum of their artist (resolved by
    /// <paramref name="indexOf"/>) past <see cref="MaxCount"/> or out of the finite floats to the rejected ones;
    /// events are taken in batch order, so those that fit are kept.
    /// </summary>
    public static PlayCheck LimitSums(UserState state, PlayCheck check, IReadOnlyDictionary<string, int> indexOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(indexOf);
        // No stored count plus the whole batch reaches the limit: nothing to move, nothing to allocate.
        double batch = 0;
        foreach (var e in check.Fresh)
        {
            batch += e.Count;
        }

        var largest = 0f;
        foreach (var c in state.Plays.Counts)
        {
            largest = Math.Max(largest, c);
        }

        if (largest + batch <= MaxCount)
        {
            return check;
        }

        var fresh = new List<PlayEvent>(check.Fresh.Count);
        var rejected = new List<PlayEvent>(check.Rejected);
        var problems = new List<string>(check.Problems);
        var sums = new Dictionary<int, double>();
        foreach (var e in check.Fresh)
        {
            var index = indexOf[e.Artist];
            if (!sums.TryGetValue(index, out var stored))
            {
                stored = StoredCount(state.Plays, index);
            }

            var sum = stored + e.Count;
            if (!double.IsFinite(sum) || sum > MaxCount || !float.IsFinite((float)sum))
            {
                rejected.Add(e);
                problems.Add($"{Describe(e)}: the stored count of artist '{Shorten(e.Artist)}' ({Show(stored)}) would become {Show(sum)}, more than {Show(MaxCount)}");
                sums[index] = stored;
            }
            else
            {
                fresh.Add(e);
                sums[index] = sum;
            }
        }

        return fresh.Count == check.Fresh.Count ? check : check with { Fresh = fresh, Rejected = rejected, Problems = problems };
    }

    /// <summary>
    /// Merges checked events (artist ids resolved by <paramref name="indexOf"/>) into the counts and
    /// remembers their ids, so a redelivery of any of them is a duplicate; producers idle longer than
    /// <paramref name="maxIdle"/> (default <see cref="AppliedEvents.MaxIdle"/>) are forgotten, since the state is written next.
    /// </summary>
    public static void Apply(UserState state, IReadOnlyList<PlayEvent> fresh, IReadOnlyDictionary<string, int> indexOf, DateTimeOffset now, int window = AppliedEvents.Window, TimeSpan? maxIdle = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(fresh);
        var additions = new (int, float, long)[fresh.Count];
        for (var i = 0; i < additions.Length; i++)
        {
            additions[i] = (indexOf[fresh[i].Artist], fresh[i].Count, fresh[i].Timestamp);
        }

        state.Plays = state.Plays.With(additions);
        state.LastChange = now;
        if (fresh.Count > 0 && fresh.All(e => e.Producer == fresh[0].Producer))
        {
            // One producer (an import, one client's batch): no grouping needed.
            AppliedEvents.Remember(state, fresh[0].Producer, fresh.Select(e => e.Sequence), window);
            AppliedEvents.Touch(state, fresh[0].Producer, now);
        }
        else
        {
            foreach (var byProducer in fresh.GroupBy(e => e.Producer))
            {
                AppliedEvents.Remember(state, byProducer.Key, byProducer.Select(e => e.Sequence), window);
                AppliedEvents.Touch(state, byProducer.Key, now);
            }
        }

        AppliedEvents.Prune(state, now, maxIdle ?? AppliedEvents.MaxIdle);
    }

    /// <summary>Why a single event is bad data, or null when it is valid on its own.</summary>
    public static string? Problem(PlayEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return IdProblem("artist", e.Artist)
            ?? IdProblem("producer", e.Producer)
            ?? (float.IsFinite(e.Count) && e.Count > 0f && e.Count <= MaxCount
                ? null
                : $"count {Show(e.Count)} is not a play count: it must be positive, finite and at most {Show(MaxCount)}");
    }

    private static string? IdProblem(string what, string? id) =>
        string.IsNullOrWhiteSpace(id) ? $"{what} is empty"
        : id.Length > MaxIdLength ? $"{what} id is {id.Length} characters long; at most {MaxIdLength} are accepted"
        : null;

    private static PlayCheck MissingBatch(string problem) => new([], [], 0) { Missing = 1, Problems = [problem] };

    private static double StoredCount(SortedCounts plays, int index)
    {
        var at = Array.BinarySearch(plays.Indexes, index);
        return at >= 0 ? plays.Counts[at] : 0;
    }

    private static string Describe(PlayEvent e) => $"{Shorten(e.Producer)}#{e.Sequence}";

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text : $"{text[..60]}...";

    private static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
