using System.CommandLine;
using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Replays a play-count file through the play streams: rows grouped per user into events of up to
/// --batch plays, published as fast as the cluster takes them or at --rate plays per second. A user's
/// events are published one after another (its sequence numbers arrive in order); different users' in parallel.
/// </summary>
internal static class ReplayCommand
{
    public const int MaxInFlight = PlaySender.MaxInFlight;
    public const int MaxBatch = 100_000;

    /// <summary>Plays buffered across users before everything pending is sent, whatever the batch size.</summary>
    public const int PendingLimit = 65_536;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Play-count file (HetRec user_artists.dat, Last.fm 360K TSV, or CSV/TSV user,artist,count[,timestamp])." };
        var data = new DataOptionSet();
        var rate = new Option<double?>("--rate") { Description = "Plays per second to publish (default: as fast as possible)." };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("replay", "Replay a play-count file through the play streams, as live plays, with progress and rates.");
        command.Arguments.Add(file);
        data.AddTo(command, withData: false);
        command.Options.Add(rate);
        command.Options.Add(batch);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var path = parse.GetValue(file)!;
            var perSecond = parse.GetValue(rate);
            if (perSecond is { } r && (!double.IsFinite(r) || r <= 0))
            {
                throw new ArgumentException($"--rate {r} is not a rate: it must be a positive number of plays per second.");
            }

            var size = parse.GetValue(batch);
            if (size is < 1 or > MaxBatch)
            {
                throw new ArgumentException($"--batch {size} is out of range: it must be between 1 and {MaxBatch:N0}.");
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Data file not found: {path}", path);
            }

            var options = data.LoadOptions(parse);
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

            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            report.Line($"replaying into the play streams of the cluster at {settings.Describe()} ({(perSecond is { } p ? $"{p:N0} plays/s" : "as fast as possible")}, up to {size:N0} plays per event)");

            var badRows = new BadRowLog(path, 20);
            var sender = new PlaySender(connection, perSecond, ct);
            using (var progress = new CancellationTokenSource())
            {
                var ticker = ReportProgressAsync(sender, connection.Client.GetGrain<IIngestStatsGrain>("default"), await connection.Client.GetGrain<IIngestStatsGrain>("default").GetTotals(), progress.Token);
                try
                {
                    var pending = new Dictionary<string, List<(string Artist, float Count, long Timestamp)>>(StringComparer.Ordinal);
                    var pendingPlays = 0;
                    foreach (var row in DatasetLoader.CreateReader(path, options).Read(badRows))
                    {
                        if (!pending.TryGetValue(row.User, out var plays))
                        {
                            plays = [];
                            pending[row.User] = plays;
                        }

                        plays.Add((row.Artist, (float)row.Count, row.Timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                        pendingPlays++;
                        if (plays.Count >= size)
                        {
                            pending.Remove(row.User);
                            pendingPlays -= plays.Count;
                            await sender.SendAsync(row.User, plays);
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
            report.Line($"replayed {sender.Plays:N0} plays of {sender.Users:N0} users in {sender.Events:N0} events in {seconds:F1}s: {playsPerSecond:N0} plays/s, {eventsPerSecond:N0} events/s (producer {PlayCommand.Producer})");
            report.WriteJson(new Dictionary<string, object?>
            {
                ["plays"] = sender.Plays,
                ["events"] = sender.Events,
                ["users"] = sender.Users,
                ["seconds"] = seconds,
                ["plays_per_second"] = playsPerSecond,
                ["events_per_second"] = eventsPerSecond,
                ["batch"] = size,
                ["rate"] = perSecond,
                ["bad_rows"] = badRows.Count,
                ["producer"] = PlayCommand.Producer,
            });
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task FlushAsync(PlaySender sender, Dictionary<string, List<(string Artist, float Count, long Timestamp)>> pending)
    {
        foreach (var (user, plays) in pending)
        {
            await sender.SendAsync(user, plays);
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
                var applied = await stats.GetTotals();
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
