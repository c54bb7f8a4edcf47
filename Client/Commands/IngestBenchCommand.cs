using System.CommandLine;
using System.Collections.Immutable;
using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// <c>bench ingest</c>: starts a local silo, imports a dataset and trains (so fold-in is on), then
/// replays the dataset's rows as live plays as fast as possible for a while and measures the sustained
/// rate until the silo has applied them; then, under half that load, publishes single plays of unplayed
/// artists and times how long until the user's history and fold-in answer reflect them.
/// Plays travel on the silo's memory streams, or with <c>--streams azure</c> on Azure Queue streams (grain
/// state stays in memory): fresh queues of the run's own service id, created before the silo starts (so an
/// unreachable account fails at once) and deleted at the end. A publish to a queue returns once the message
/// is stored, so nothing holds the publisher back: there it pauses while more than <see cref="BacklogSeconds"/>
/// seconds of the applied rate (at least <see cref="MinBacklog"/> plays) wait in the queues, so the rate
/// measured is the sustained one and draining at the end stays short.
/// </summary>
internal static class IngestBenchCommand
{
    public const int MaxInFlight = PlaySender.MaxInFlight;
    public const int MaxSeconds = 3_600;
    public const int DefaultProbes = 1_000;
    public const int MaxProbes = 100_000;
    private const int SampleSeed = 11;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Azure Queue streams: most seconds of the applied rate left waiting in the queues while publishing.</summary>
    public const double BacklogSeconds = 3;

    /// <summary>Azure Queue streams: plays that may wait in the queues before the applied rate is known.</summary>
    public const long MinBacklog = 10_000;

    /// <summary>How long creating the play queues may take before their storage counts as unreachable.</summary>
    private static readonly TimeSpan QueueSetupTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How often the silos' applied-plays counters (reported about once a second) are read to bound the queues' backlog.</summary>
    private static readonly TimeSpan BacklogReadEvery = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var seconds = new Option<double>("--seconds") { Description = $"How long to publish plays as fast as possible (with --streams azure, pausing while more than {BacklogSeconds:0} s of the applied rate is queued).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var probeCount = new Option<int>("--probes") { Description = "Plays timed from publishing to a query that reflects them, one after another (1,000 take about 12 s: long enough to span the silo's periodic listener flushes).", DefaultValueFactory = _ => DefaultProbes };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("ingest", "Time live plays through the play streams (memory, or Azure Queue with --streams azure) of a local silo after importing and training: sustained plays per second and p50/p99 freshness of fold-in answers.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(seconds);
        command.Options.Add(batch);
        command.Options.Add(probeCount);
        cluster.AddStreamsTo(command);
        command.Options.Add(siloLog);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = TrainCommand.Resolve(parse, model, null, report);
            var duration = parse.GetValue(seconds);
            if (!double.IsFinite(duration) || duration <= 0 || duration > MaxSeconds)
            {
                throw new ArgumentException($"--seconds {duration} is out of range: it must be positive and at most {MaxSeconds:N0}.");
            }

            var size = parse.GetValue(batch);
            if (size is < 1 or > ReplayCommand.MaxBatch)
            {
                throw new ArgumentException($"--batch {size} is out of range: it must be between 1 and {ReplayCommand.MaxBatch:N0}.");
            }

            var probeTarget = parse.GetValue(probeCount);
            if (probeTarget is < 1 or > MaxProbes)
            {
                throw new ArgumentException($"--probes {probeTarget} is out of range: it must be between 1 and {MaxProbes:N0}.");
            }

            var (streams, queuesConnectionString) = cluster.ResolveStreams(parse, Environment.GetEnvironmentVariable(ClusterOptionSet.ConnectionStringVariable), ClusterOptionSet.ConnectionStringVariable);
            var azure = streams == ClusterSettings.AzureStreams;

            // The run's own service id gives it fresh play queues, which nothing else reads or has left plays in.
            var serviceId = azure ? $"{ClusterOptionSet.DefaultId}-bench-{Guid.NewGuid().ToString("N")[..8]}" : ClusterOptionSet.DefaultId;
            await using var queues = azure ? await PlayQueues.CreateAsync(queuesConnectionString!, PlayStreams.QueueNames(serviceId), report, ct) : null;
            var siloSettings = new Dictionary<string, string>(LocalSilo.BenchSettings);
            if (queues is not null)
            {
                siloSettings["MusicRecs:Clustering:ServiceId"] = serviceId;
                siloSettings["MusicRecs:Streams:Mode"] = "AzureQueue";
                siloSettings["MusicRecs:Streams:ConnectionString"] = queuesConnectionString!;
            }

            var dataset = data.Load(parse, report);
            var events = Events(dataset, size);
            if (events.Count == 0)
            {
                throw new ArgumentException("the data has no plays to replay.");
            }

            var streamsText = queues is null ? "memory streams" : $"Azure Queue streams on {queues.Describe()}";
            using var silo = LocalSilo.StartOnFreePorts(parse.GetValue(siloLog), report, $"memory storage and {streamsText}", siloSettings);
            var connection = await silo.ConnectAsync(ct);

            Dictionary<string, object?> result;
            await using (connection)
            {
                var (imported, final, code) = await TrainCommand.ImportAndTrainAsync(connection, dataset, options, report, ct);
                if (code != 0)
                {
                    return code;
                }

                // Throughput: every user's plays before, then as many events as fit in the time, then until applied.
                var users = events.Select(e => e.User).Distinct(StringComparer.Ordinal).ToArray();
                var before = await TotalsAsync(connection, users);
                var stats = connection.Client.GetGrain<IIngestStatsGrain>("default");
                var sender = new PlaySender(connection, null, ct);
                var clock = Stopwatch.StartNew();
                var backlog = queues is null ? null : new Backlog(stats, (await stats.GetTotals()).Plays, clock);
                var limit = TimeSpan.FromSeconds(duration);
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
                var applied = await WaitAppliedAsync(connection, expected, clock, ct);
                if (applied is null)
                {
                    Console.Error.WriteLine($"error: the silo did not apply the {sender.Plays:N0} plays sent within {ApplyTimeout.TotalSeconds:F0} s of the end of publishing.");
                    return ClusterCommandRunner.CallFailed;
                }

                var elapsed = applied.Value.TotalSeconds;
                var playsPerSecond = sender.Plays / Math.Max(elapsed, 1e-9);
                var paused = backlog is null ? string.Empty : $"; publishing paused {backlog.Paused.TotalSeconds:F1}s for a backlog over {backlog.Limit:N0} plays";
                report.Line($"throughput: {sender.Plays:N0} plays in {sender.Events:N0} events to {users.Length:N0} users published in {published.TotalSeconds:F1}s, all applied after {elapsed:F1}s: {playsPerSecond:N0} plays/s (up to {size:N0} plays per event, {MaxInFlight} events in flight{paused})");

                // Freshness: probes on users the background load leaves alone, at half the measured rate.
                var (probes, probeUsers) = await ProbePairsAsync(connection, dataset, probeTarget);
                var background = events.Where(e => !probeUsers.Contains(e.User)).ToList();
                var rate = playsPerSecond / 2;
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var loadSender = new PlaySender(connection, rate, stop.Token);
                var load = background.Count == 0 ? Task.CompletedTask : RunLoadAsync(loadSender, background, stop.Token);
                var latencies = new List<double>(probes.Count);
                var timedOut = 0;
                try
                {
                    foreach (var (user, artist, index) in probes)
                    {
                        if (await ProbeAsync(connection, user, artist, index, ct) is { } ms)
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
                    Console.Error.WriteLine($"error: none of the {probes.Count:N0} probe plays was reflected in a fold-in answer within {ProbeTimeout.TotalSeconds:F0} s.");
                    return ClusterCommandRunner.CallFailed;
                }

                latencies.Sort();
                var p50 = Percentile(latencies, 0.50);
                var p99 = Percentile(latencies, 0.99);
                var loadSeconds = loadSender.Elapsed.TotalSeconds;
                var loadRate = loadSender.Plays / Math.Max(loadSeconds, 1e-9);
                report.Line($"freshness ({latencies.Count:N0} plays of unplayed artists, under {loadRate:N0} plays/s of background load): p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms{(timedOut > 0 ? $" ({timedOut:N0} not reflected within {ProbeTimeout.TotalSeconds:F0} s)" : string.Empty)}");

                result = new Dictionary<string, object?>
                {
                    ["plays_per_second"] = playsPerSecond,
                    ["freshness_p50_ms"] = p50,
                    ["freshness_p99_ms"] = p99,
                    ["freshness_max_ms"] = latencies[^1],
                    ["plays"] = sender.Plays,
                    ["events"] = sender.Events,
                    ["seconds"] = elapsed,
                    ["publish_seconds"] = published.TotalSeconds,
                    ["requested_seconds"] = duration,
                    ["batch"] = size,
                    ["in_flight"] = MaxInFlight,
                    ["probes"] = latencies.Count,
                    ["probes_timed_out"] = timedOut,
                    ["background_plays_per_second"] = loadRate,
                    ["stream_provider"] = streams,
                    ["stream_name"] = PlayStreams.Provider,
                    ["stream_queues"] = queues?.Names,
                    ["backlog_limit_plays"] = backlog?.Limit,
                    ["publish_paused_seconds"] = backlog?.Paused.TotalSeconds,
                    ["model_version"] = final.PublishedVersion,
                    ["users"] = dataset.Users.Count,
                    ["artists"] = dataset.Artists.Count,
                    ["factors"] = options.Factors,
                    ["processor_count"] = Environment.ProcessorCount,
                };
            }


            report.WriteJson(result);
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>The dataset's rows as stream events: each user's plays in chunks of up to <paramref name="size"/>, user after user.</summary>
    private static List<PlayChunk> Events(Dataset data, int size)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var events = new List<PlayChunk>();
        for (var u = 0; u < data.Users.Count; u++)
        {
            var artists = data.Plays.RowIndexes(u);
            var counts = data.Plays.RowValues(u);
            for (var start = 0; start < artists.Length; start += size)
            {
                var end = Math.Min(artists.Length, start + size);
                var plays = new (string Artist, float Count, long Timestamp)[end - start];
                for (var i = start; i < end; i++)
                {
                    plays[i - start] = (data.Artists[artists[i]], counts[i], now);
                }

                events.Add(new PlayChunk(data.Users[u], plays));
            }
        }

        return events;
    }

    /// <summary>The total plays each user holds in the cluster.</summary>
    private static async Task<Dictionary<string, double>> TotalsAsync(ClusterConnection connection, IReadOnlyList<string> users)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var chunk in users.Chunk(256))
        {
            var histories = await Task.WhenAll(chunk.Select(u => connection.User(u).GetHistory()));
            for (var i = 0; i < chunk.Length; i++)
            {
                totals[chunk[i]] = Total(histories[i]);
            }
        }

        return totals;
    }

    private static double Total(UserHistory history) => history.Plays.Sum(p => (double)p.Count);

    /// <summary>
    /// Polls the histories of the users not yet caught up until each holds what was sent; returns the clock's
    /// time when the last one did, or null after <see cref="ApplyTimeout"/>.
    /// </summary>
    private static async Task<TimeSpan?> WaitAppliedAsync(ClusterConnection connection, Dictionary<string, double> expected, Stopwatch clock, CancellationToken cancellationToken)
    {
        var pending = expected.Keys.ToList();
        var deadline = clock.Elapsed + ApplyTimeout;
        while (true)
        {
            var behind = new List<string>();
            foreach (var chunk in pending.Chunk(256))
            {
                var histories = await Task.WhenAll(chunk.Select(u => connection.User(u).GetHistory()));
                for (var i = 0; i < chunk.Length; i++)
                {
                    var want = expected[chunk[i]];
                    if (Total(histories[i]) < want - (Math.Abs(want) * 1e-6) - 1e-3)
                    {
                        behind.Add(chunk[i]);
                    }
                }
            }

            if (behind.Count == 0)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > deadline)
            {
                return null;
            }

            pending = behind;
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> (user, artist, artist index) pairs: users with plays (so with a model factor),
    /// each with an artist it has not played; the probed users are at most half of them, the rest carry the load.
    /// </summary>
    private static async Task<(List<(string User, string Artist, int Index)> Pairs, HashSet<string> Users)> ProbePairsAsync(ClusterConnection connection, Dataset data, int count)
    {
        var random = new Random(SampleSeed);
        var withPlays = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        random.Shuffle(withPlays);
        var chosen = withPlays.Take(Math.Max(1, Math.Min(count, withPlays.Length / 2))).ToArray();
        var indexes = await connection.Artists.Lookup([.. data.Artists.Ids]);
        var pairs = new List<(string, string, int)>();
        var used = chosen.ToDictionary(u => u, u => new HashSet<int>(data.Plays.RowIndexes(u).ToArray()));
        for (var attempt = 0; pairs.Count < count && attempt < count * 20; attempt++)
        {
            var u = chosen[attempt % chosen.Length];
            var a = random.Next(data.Artists.Count);
            if (indexes[a] >= 0 && used[u].Add(a))
            {
                pairs.Add((data.Users[u], data.Artists[a], indexes[a]));
            }
        }

        return (pairs, [.. chosen.Select(u => data.Users[u])]);
    }

    private static async Task RunLoadAsync(PlaySender sender, List<PlayChunk> events, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; !cancellationToken.IsCancellationRequested; i = (i + 1) % events.Count)
            {
                await sender.SendAsync(events[i].User, events[i].Plays);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped after the last probe.
        }
    }

    /// <summary>
    /// Publishes one play and polls about every millisecond until the history holds the artist and
    /// recommend answers from a fold-in; milliseconds from publishing to that answer, or null on timeout.
    /// </summary>
    private static async Task<double?> ProbeAsync(ClusterConnection connection, string user, string artist, int index, CancellationToken cancellationToken)
    {
        var grain = connection.User(user);
        var batch = PlayCommand.Batch(user, [(artist, 1f, DateTimeOffset.UtcNow.ToUnixTimeSeconds())]);
        var clock = Stopwatch.StartNew();
        await connection.Plays(user).OnNextAsync(batch);
        while (clock.Elapsed < ProbeTimeout)
        {
            var history = await grain.GetHistory();
            if (history.Plays.Any(p => p.Artist == index))
            {
                var answer = await grain.Recommend(10);
                if (answer.Source == RecommendationSource.FoldIn)
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }

            await Task.Delay(1, cancellationToken);
        }

        return null;
    }

    private static double Percentile(List<double> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private sealed record PlayChunk(string User, (string Artist, float Count, long Timestamp)[] Plays);

    /// <summary>
    /// Keeps the plays handed to the Azure queues but not yet applied (by the silos' last report) under
    /// <see cref="BacklogSeconds"/> of the rate applied so far, and at least <see cref="MinBacklog"/>. The reports
    /// lag by a second or so, so the queues hold somewhat less than that, but enough to keep the silo busy.
    /// </summary>
    private sealed class Backlog(IIngestStatsGrain stats, long baseline, Stopwatch clock)
    {
        private long _applied;
        private TimeSpan? _readAt;

        /// <summary>The backlog allowed at the last check.</summary>
        public long Limit { get; private set; } = MinBacklog;

        /// <summary>Time spent waiting for the backlog to shrink.</summary>
        public TimeSpan Paused { get; private set; }

        /// <summary>Waits until <paramref name="handed"/> plays leave room for more; false when <paramref name="until"/> came first.</summary>
        public async Task<bool> WaitForRoomAsync(long handed, TimeSpan until, CancellationToken cancellationToken)
        {
            var began = clock.Elapsed;
            while (true)
            {
                if (_readAt is not { } read || clock.Elapsed - read >= BacklogReadEvery)
                {
                    _applied = (await stats.GetTotals()).Plays - baseline;
                    _readAt = clock.Elapsed;
                    Limit = Math.Max(MinBacklog, (long)(BacklogSeconds * _applied / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
                }

                var room = handed - _applied < Limit;
                if (room || clock.Elapsed >= until)
                {
                    Paused += clock.Elapsed - began;
                    return room;
                }

                await Task.Delay(20, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The play stream's Azure queues of one run: created up front, which also proves the account reachable
    /// (else a <see cref="ClusterUnavailableException"/>, exit code 2, instead of a silo failing to start), and
    /// deleted at the end.
    /// </summary>
    private sealed class PlayQueues : IAsyncDisposable
    {
        private readonly QueueServiceClient _service;

        private PlayQueues(QueueServiceClient service, IReadOnlyList<string> names)
        {
            _service = service;
            Names = names;
        }

        public IReadOnlyList<string> Names { get; }

        public string Describe() => $"{Names.Count} queues '{Names[0][..^2]}-*' at {_service.Uri}";

        public static async Task<PlayQueues> CreateAsync(string connectionString, IReadOnlyList<string> names, Reporter report, CancellationToken cancellationToken)
        {
            var options = new QueueClientOptions();
            options.Retry.MaxRetries = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
            var service = new QueueServiceClient(connectionString, options);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(QueueSetupTimeout);
            var clock = Stopwatch.StartNew();
            foreach (var name in names)
            {
                try
                {
                    await service.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: deadline.Token);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
                {
                    var reason = e is OperationCanceledException ? $"no answer within {QueueSetupTimeout.TotalSeconds:0} s" : Reason(e);
                    throw new ClusterUnavailableException(
                        $"--streams azure: could not create the play queue '{name}' at {service.Uri}: {reason}. "
                        + "Is the storage account (or Azurite) running? 'scripts/azurite.sh start' starts Azurite and prints its connection string for --streams-connection-string.",
                        e);
                }
            }

            report.Line($"streams: created {names.Count} play queues at {service.Uri} in {clock.Elapsed.TotalSeconds:F1}s");
            return new PlayQueues(service, names);
        }

        /// <summary>Deletes the queues (after the silo has stopped); a failure leaves them, with a note.</summary>
        public async ValueTask DisposeAsync()
        {
            using var deadline = new CancellationTokenSource(QueueSetupTimeout);
            try
            {
                await Task.WhenAll(Names.Select(n => _service.GetQueueClient(n).DeleteIfExistsAsync(deadline.Token)));
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
            {
                Console.Error.WriteLine($"warning: the play queues '{Names[0][..^2]}-*' at {_service.Uri} were not deleted: {Reason(e)}");
            }
        }

        /// <summary>The first line of the innermost useful message (the SDK's messages carry headers after it).</summary>
        private static string Reason(Exception e)
        {
            while (e is AggregateException { InnerExceptions.Count: > 0 } a)
            {
                e = a.InnerExceptions[0];
            }

            if (e is RequestFailedException { Status: > 0 } failed)
            {
                return $"HTTP {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}";
            }

            return FirstLine(e.InnerException is HttpRequestException or System.Net.Sockets.SocketException ? e.InnerException.Message : e.Message);
        }

        private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
    }
}
