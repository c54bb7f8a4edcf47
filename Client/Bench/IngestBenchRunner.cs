using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench ingest</c>: starts a local silo, imports a dataset and trains (so fold-in is on), then
/// replays the dataset's rows as live plays as fast as possible for a while and measures the sustained
/// rate until the silo has applied them; then, under half that load, publishes single plays of unplayed
/// artists and times how long until the user's history and fold-in answer reflect them.
/// Plays travel on the silo's memory streams, or on Azure Queue streams (grain state stays in memory): fresh
/// queues of the run's own service id, created before the silo starts (so an unreachable account fails at once)
/// and deleted at the end. A publish to a queue returns once the message is stored, so nothing holds the
/// publisher back: there it pauses while the <see cref="Backlog"/> is full, so the rate measured is the
/// sustained one and draining at the end stays short.
/// </summary>
internal static class IngestBenchRunner
{
    public const int MaxInFlight = PlaySender.MaxInFlight;

    public static async Task<int> RunAsync(Dataset dataset, TrainingOptions options, IngestBenchSettings settings, Reporter report, CancellationToken ct)
    {
        var events = IngestLoad.Events(dataset, settings.Batch);
        if (events.Count == 0)
        {
            throw new ArgumentException("the data has no plays to replay.");
        }

        // The run's own service id gives it fresh play queues, which nothing else reads or has left plays in.
        var azure = settings.Streams == ClusterSettings.AzureStreams;
        var serviceId = azure ? $"{ClusterOptionSet.DefaultId}-bench-{Guid.NewGuid().ToString("N")[..8]}" : ClusterOptionSet.DefaultId;
        await using var queues = azure ? await PlayQueues.CreateAsync(settings.QueuesConnectionString!, PlayStreams.QueueNames(serviceId), report, ct) : null;
        var siloSettings = new Dictionary<string, string>(LocalSilo.BenchSettings);
        if (queues is not null)
        {
            siloSettings["MusicRecs:Clustering:ServiceId"] = serviceId;
            siloSettings["MusicRecs:Streams:Mode"] = "AzureQueue";
            siloSettings["MusicRecs:Streams:ConnectionString"] = settings.QueuesConnectionString!;
        }

        var streamsText = queues is null ? "memory streams" : $"Azure Queue streams on {queues.Describe()}";
        using var silo = LocalSilo.StartOnFreePorts(settings.SiloLog, report, $"memory storage and {streamsText}", siloSettings);
        await using var connection = await silo.ConnectAsync(ct);
        var (_, final, code) = await ClusterTraining.ImportAndTrainAsync(connection, dataset, options, report, ct);
        if (code != 0)
        {
            return code;
        }

        if (await MeasureThroughputAsync(connection, events, settings, queues is not null, report, ct) is not { } throughput)
        {
            return CommandRunner.CallFailed;
        }

        if (await MeasureFreshnessAsync(connection, dataset, events, throughput.PlaysPerSecond / 2, settings.Probes, report, ct) is not { } freshness)
        {
            return CommandRunner.CallFailed;
        }

        report.WriteJson(new IngestBenchResult
        {
            PlaysPerSecond = throughput.PlaysPerSecond,
            FreshnessP50Ms = freshness.P50,
            FreshnessP99Ms = freshness.P99,
            FreshnessMaxMs = freshness.Latencies[^1],
            Plays = throughput.Plays,
            Events = throughput.Events,
            Seconds = throughput.Seconds,
            PublishSeconds = throughput.PublishSeconds,
            RequestedSeconds = settings.Seconds,
            Batch = settings.Batch,
            InFlight = MaxInFlight,
            Probes = freshness.Latencies.Count,
            ProbesTimedOut = freshness.TimedOut,
            BackgroundPlaysPerSecond = freshness.BackgroundPlaysPerSecond,
            StreamProvider = settings.Streams,
            StreamName = PlayStreams.Provider,
            StreamQueues = queues?.Names,
            BacklogLimitPlays = throughput.Backlog?.Limit,
            PublishPausedSeconds = throughput.Backlog?.Paused.TotalSeconds,
            ModelVersion = final.PublishedVersion,
            Users = dataset.Users.Count,
            Artists = dataset.Artists.Count,
            Factors = options.Factors,
            ProcessorCount = Environment.ProcessorCount,
        });
        return 0;
    }

    /// <summary>Every user's plays before, then as many events as fit in the time, then until applied; null when they never were.</summary>
    private static async Task<Throughput?> MeasureThroughputAsync(ClusterConnection connection, List<PlayChunk> events, IngestBenchSettings settings, bool queued, Reporter report, CancellationToken ct)
    {
        var users = events.Select(e => e.User).Distinct(StringComparer.Ordinal).ToArray();
        var before = await IngestLoad.TotalsAsync(connection, users);
        var stats = connection.Client.GetGrain<IIngestStatsGrain>("default");
        var sender = new PlaySender(connection, null, ct);
        var clock = Stopwatch.StartNew();
        var backlog = queued ? new Backlog(stats, (await stats.GetTotals()).Plays, clock) : null;
        var limit = TimeSpan.FromSeconds(settings.Seconds);
        var next = 0;
        long handed = 0;
        while (clock.Elapsed < limit)
        {
            if (backlog is not null && !await backlog.WaitForRoomAsync(handed, limit, ct))
            {
                break;
            }

            await sender.SendAsync(events[next].User, events[next].Plays);
            handed += events[next].Plays.Length;
            next = (next + 1) % events.Count;
        }

        await sender.CompleteAsync();
        var published = clock.Elapsed;
        var expected = users.ToDictionary(u => u, u => before[u] + sender.SentTo(u), StringComparer.Ordinal);
        if (await IngestLoad.WaitAppliedAsync(connection, expected, clock, ct) is not { } applied)
        {
            Console.Error.WriteLine($"error: the silo did not apply the {sender.Plays:N0} plays sent within {IngestLoad.ApplyTimeout.TotalSeconds:F0} s of the end of publishing.");
            return null;
        }

        var result = new Throughput(sender.Plays, sender.Events, published.TotalSeconds, applied.TotalSeconds, backlog);
        var paused = backlog is null ? string.Empty : $"; publishing paused {backlog.Paused.TotalSeconds:F1}s for a backlog over {backlog.Limit:N0} plays";
        report.Line($"throughput: {result.Plays:N0} plays in {result.Events:N0} events to {users.Length:N0} users published in {result.PublishSeconds:F1}s, all applied after {result.Seconds:F1}s: {result.PlaysPerSecond:N0} plays/s (up to {settings.Batch:N0} plays per event, {MaxInFlight} events in flight{paused})");
        return result;
    }

    /// <summary>Probes on users the background load leaves alone, under <paramref name="rate"/> plays/s of it; null when none showed.</summary>
    private static async Task<Freshness?> MeasureFreshnessAsync(ClusterConnection connection, Dataset dataset, List<PlayChunk> events, double rate, int probeTarget, Reporter report, CancellationToken ct)
    {
        var (probes, probeUsers) = await FreshnessProbes.ProbePairsAsync(connection, dataset, probeTarget);
        var background = events.Where(e => !probeUsers.Contains(e.User)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loadSender = new PlaySender(connection, rate, stop.Token);
        var load = background.Count == 0 ? Task.CompletedTask : IngestLoad.RunLoadAsync(loadSender, background, stop.Token);
        var latencies = new List<double>(probes.Count);
        var timedOut = 0;
        try
        {
            foreach (var (user, artist, index) in probes)
            {
                if (await FreshnessProbes.ProbeAsync(connection, user, artist, index, ct) is { } ms)
                {
                    latencies.Add(ms);
                }
                else
                {
                    timedOut++;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await load;
                await loadSender.CompleteAsync();
            }
            catch (OperationCanceledException)
            {
                // The background load ends with the probes.
            }
        }

        if (latencies.Count == 0)
        {
            Console.Error.WriteLine($"error: none of the {probes.Count:N0} probe plays was reflected in a fold-in answer within {FreshnessProbes.ProbeTimeout.TotalSeconds:F0} s.");
            return null;
        }

        latencies.Sort();
        var result = new Freshness(latencies, timedOut, loadSender.Plays / Math.Max(loadSender.Elapsed.TotalSeconds, 1e-9));
        report.Line($"freshness ({latencies.Count:N0} plays of unplayed artists, under {result.BackgroundPlaysPerSecond:N0} plays/s of background load): p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {latencies[^1]:F1} ms{(timedOut > 0 ? $" ({timedOut:N0} not reflected within {FreshnessProbes.ProbeTimeout.TotalSeconds:F0} s)" : string.Empty)}");
        return result;
    }
}
