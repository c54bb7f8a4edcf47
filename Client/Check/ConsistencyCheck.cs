using System.Diagnostics;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Check;

/// <summary>
/// <c>musicrecs check</c> as a library call: every user settles its outbox (resends what the artists have not
/// persisted), every silo flushes its listener buffer, every user settles again (what it still owes then is
/// pending), and then both sides are read and compared (<see cref="CheckComparison"/>). Meant for a quiet
/// cluster: plays applied while it reads show up as mismatches.
/// </summary>
internal static class ConsistencyCheck
{
    /// <summary>Grain calls outstanding at once.</summary>
    public const int Concurrency = 64;

    public static async Task<CheckResult> RunAsync(IClusterClient client, CancellationToken cancellationToken) =>
        (await RunWithPlaysAsync(client, cancellationToken)).Check;

    /// <summary>The check, and what it read (a bench compares the users' side with the file it sent).</summary>
    public static async Task<(CheckResult Check, ClusterPlays Plays)> RunWithPlaysAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var users = await CatalogIds.ReadAsync(client.GetGrain<ICatalogGrain>(CatalogKind.Users), CatalogKind.Users, cancellationToken);
        var artists = await CatalogIds.ReadAsync(client.GetGrain<ICatalogGrain>(CatalogKind.Artists), CatalogKind.Artists, cancellationToken);
        Reporter.Progress($"  check: {users.Count:N0} users and {artists.Count:N0} artists in the catalogs; settling the users' outboxes");

        var owed = await SettleAsync(client, users, cancellationToken);
        var silos = await FlushListenersAsync(client, cancellationToken);
        var pending = await SettleAsync(client, users, cancellationToken);
        Reporter.Progress($"  check: {owed:N0} listener changes owed before {silos} silos flushed, {pending:N0} after; reading both sides");

        var histories = new UserHistory[users.Ids.Count];
        await ForEachAsync(users.Ids.Count, i => $"reading user {users.Ids[i]}", async i => histories[i] = await client.GetGrain<IUserGrain>(users.Ids[i]).GetHistory(), cancellationToken);
        var listeners = new Observations[artists.Ids.Count];
        await ForEachAsync(artists.Ids.Count, i => $"reading artist {artists.Ids[i]}", async i => listeners[i] = await client.GetGrain<IArtistGrain>(artists.Ids[i]).GetObservations(), cancellationToken);
        var result = CheckComparison.Compare(users, artists, histories, listeners, pending, clock.Elapsed.TotalSeconds);
        return (result, new ClusterPlays(users, artists, histories, listeners, pending));
    }

    /// <summary>
    /// Every silo's listener flush (the training barrier). A flush that outlasts the client's call timeout goes on in
    /// the silos; calling again waits for it there (a flush waits for one already sending), so a timeout is retried.
    /// Returns the silos flushed.
    /// </summary>
    public static async Task<int> FlushListenersAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        const int attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.GetGrain<IMaintenanceGrain>(0).FlushListeners();
            }
            catch (TimeoutException) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                Reporter.Progress($"  the silos' listener flush is still running (call {attempt} timed out); waiting for it");
            }
        }
    }

    /// <summary>Settles every user; the sum of what they still owe.</summary>
    private static async Task<long> SettleAsync(IClusterClient client, CatalogIds users, CancellationToken cancellationToken)
    {
        long owed = 0;
        await ForEachAsync(users.Ids.Count, i => $"settling user {users.Ids[i]}", async i => Interlocked.Add(ref owed, await client.GetGrain<IUserGrain>(users.Ids[i]).Settle()), cancellationToken);
        return owed;
    }

    /// <summary>
    /// One call per item, 64 at a time. Each is retried on a transient failure: after a silo's crash a call may
    /// wait out the response timeout at the dead silo's last address, and reading or settling again is harmless.
    /// </summary>
    private static Task ForEachAsync(int count, Func<int, string> what, Func<int, Task> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, _) => await TransientRetry.RunAsync(() => body(i), "  check: " + what(i), Reporter.Progress, cancellationToken));

    /// <summary>The human summary, then the inconsistencies named (those always on stderr, with an error line).</summary>
    public static void Describe(CheckResult r, Reporter report)
    {
        report.Line($"{(r.Consistent ? "consistent" : "NOT consistent")}: {r.Users:N0} users, {r.Artists:N0} artists; "
            + $"user side {r.UserSidePlays:N0} plays, artist side {r.ArtistSidePlays:N0} plays; "
            + $"{r.MismatchedPairs:N0} mismatched pairs, {r.PendingDeltas:N0} pending listener changes, {r.CatalogErrors:N0} catalog errors ({r.Seconds:F1}s)");
        if (r.Consistent)
        {
            return;
        }

        Console.Error.WriteLine($"error: the cluster is not consistent: {r.MismatchedPairs:N0} mismatched pairs, {r.PendingDeltas:N0} pending listener changes, {r.CatalogErrors:N0} catalog errors");
        if (r.FirstMismatches.Length > 0)
        {
            Console.Error.WriteLine($"first {r.FirstMismatches.Length} of {r.MismatchedPairs + r.CatalogErrors:N0} inconsistencies:");
            foreach (var m in r.FirstMismatches)
            {
                Console.Error.WriteLine($"  {m.Kind}: {m.Detail}");
            }
        }
    }
}
