using MusicRecs.Client.Commands;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Plays;

/// <summary>
/// Replays a play-count file through the play streams: rows grouped per user into events of up to
/// <c>size</c> plays, each play numbered by its line under a producer named after the file's content, published as fast as the cluster takes them or at a rate in plays per second. A user's
/// events are published one after another (its sequence numbers arrive in order); different users' in parallel.
/// </summary>
internal static class ReplayRunner
{
    /// <summary>Plays buffered across users before everything pending is sent, whatever the batch size.</summary>
    public const int PendingLimit = 65_536;

    /// <summary>Reads the whole file first (unless bad rows are skipped): nothing is sent from a file with a bad row.</summary>
    public static void CheckFile(string path, DatasetLoadOptions options, Reporter report)
    {
        if (!options.SkipBadLines)
        {
            // Nothing is sent from a file with a bad row: the whole file is checked first.
            var check = new BadRowLog(path);
            long rows = 0;
            foreach (var _ in DatasetLoader.CreateReader(path, options).Read(check))
            {
                rows++;
            }

            if (check.Count > 0)
            {
                throw check.ToException();
            }

            report.Line($"data: {path}: {rows:N0} rows checked");
        }
    }

    /// <summary>
    /// Sends the file's rows (the first <paramref name="limit"/> when given) under <paramref name="producer"/>, each
    /// play numbered by its line in the file: sending the same file again, whole or after an interrupted run,
    /// applies each row once.
    /// </summary>
    public static async Task<ReplayResult> RunAsync(ClusterConnection connection, string path, DatasetLoadOptions options, int size, double? perSecond, string producer, long? limit, Reporter report, CancellationToken ct)
    {
        var badRows = new BadRowLog(path, 20);
        var sender = new PlaySender(connection, perSecond, ct);
        using (var progress = new CancellationTokenSource())
        {
            var ticker = ReportProgressAsync(sender, connection.Client.GetGrain<IIngestStatsGrain>("default"), await connection.Client.GetGrain<IIngestStatsGrain>("default").GetTotals(), progress.Token);
            try
            {
                var pending = new Dictionary<string, List<PlayEvent>>(StringComparer.Ordinal);
                var pendingPlays = 0;
                var rows = DatasetLoader.CreateReader(path, options).Read(badRows);
                foreach (var row in limit is { } n ? rows.Take((int)Math.Min(n, int.MaxValue)) : rows)
                {
                    if (!pending.TryGetValue(row.User, out var plays))
                    {
                        plays = [];
                        pending[row.User] = plays;
                    }

                    plays.Add(new PlayEvent(row.Artist, (float)row.Count, row.Timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(), producer, row.Line));
                    pendingPlays++;
                    if (plays.Count >= size)
                    {
                        pending.Remove(row.User);
                        pendingPlays -= plays.Count;
                        await sender.SendAsync(new PlayBatch(row.User, [.. plays]));
                    }
                    else if (pendingPlays >= PendingLimit)
                    {
                        await FlushAsync(sender, pending);
                        pendingPlays = 0;
                    }
                }

                await FlushAsync(sender, pending);
                await sender.CompleteAsync();
            }
            finally
            {
                await progress.CancelAsync();
                await ticker;
            }
        }

        var seconds = sender.Elapsed.TotalSeconds;
        var playsPerSecond = sender.Plays / Math.Max(seconds, 1e-9);
        var eventsPerSecond = sender.Events / Math.Max(seconds, 1e-9);
        DataOptionSet.ReportSkipped(report, badRows.Count, badRows.Kept);
        var retried = sender.Retries > 0 ? $", {sender.Retries:N0} publishes retried" : "";
        report.Line($"replayed {sender.Plays:N0} plays of {sender.Users:N0} users in {sender.Events:N0} events in {seconds:F1}s: {playsPerSecond:N0} plays/s, {eventsPerSecond:N0} events/s (producer {producer}, plays numbered by line{retried})");
        return new ReplayResult(sender.Plays, sender.Events, sender.Users, seconds, playsPerSecond, eventsPerSecond, size, perSecond, badRows.Count, producer) { Limit = limit, Retries = sender.Retries };
    }

    private static async Task FlushAsync(PlaySender sender, Dictionary<string, List<PlayEvent>> pending)
    {
        foreach (var (user, plays) in pending)
        {
            await sender.SendAsync(new PlayBatch(user, [.. plays]));
        }

        pending.Clear();
    }

    /// <summary>
    /// A progress line on stderr every second: plays sent, plays and events per second, fold-ins per second
    /// in the cluster, and the lag: plays sent that the user grains have not applied yet (the silos report
    /// their counts about once a second, so the lag reads up to a second high).
    /// </summary>
    private static async Task ReportProgressAsync(PlaySender sender, IIngestStatsGrain stats, IngestTotals baseline, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var (lastPlays, lastEvents, lastFoldIns, lastTime) = (0L, 0L, baseline.FoldIns, TimeSpan.Zero);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (plays, events, now) = (sender.Plays, sender.Events, sender.Elapsed);
                IngestTotals applied;
                try
                {
                    applied = await stats.GetTotals();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Progress is not worth failing the replay for: a silo just died, the next tick asks again.
                    Reporter.Progress($"  replay: {plays:N0} plays sent; the cluster's counters are unavailable for now ({e.GetType().Name}: {e.Message})");
                    continue;
                }

                var span = Math.Max((now - lastTime).TotalSeconds, 1e-9);
                var lag = Math.Max(0, plays - (applied.Plays - baseline.Plays));
                Reporter.Progress($"  replay: {plays:N0} plays sent ({(plays - lastPlays) / span:N0} plays/s, {(events - lastEvents) / span:N0} events/s), {(applied.FoldIns - lastFoldIns) / span:N0} fold-ins/s, lag {lag:N0} plays");
                (lastPlays, lastEvents, lastFoldIns, lastTime) = (plays, events, applied.FoldIns, now);
            }
        }
        catch (OperationCanceledException)
        {
            // The replay has ended.
        }
    }
}
