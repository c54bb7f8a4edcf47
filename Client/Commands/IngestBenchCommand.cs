using System.CommandLine;
using System.Collections.Immutable;
using System.Diagnostics;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// <c>bench ingest</c>: starts a local silo, imports a dataset and trains (so fold-in is on), then
/// replays the dataset's rows as live plays as fast as possible for a while and measures the sustained
/// rate until the silo has applied them; then, under half that load, publishes single plays of unplayed
/// artists and times how long until the user's history and fold-in answer reflect them.
/// </summary>
internal static class IngestBenchCommand
{
    public const int MaxInFlight = PlaySender.MaxInFlight;
    public const int MaxSeconds = 3_600;
    public const int Probes = 200;
    private const int SampleSeed = 11;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var seconds = new Option<double>("--seconds") { Description = "How long to publish plays as fast as possible.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("ingest", "Time live plays through the play streams of a local silo after importing and training: sustained plays per second and p50/p99 freshness of fold-in answers.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(seconds);
        command.Options.Add(batch);
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

            var dataset = data.Load(parse, report);
            var events = Events(dataset, size);
            if (events.Count == 0)
            {
                throw new ArgumentException("the data has no plays to replay.");
            }

            var ports = FreePorts.Pick(2);
            var logPath = parse.GetValue(siloLog) ?? Path.Combine(Path.GetTempPath(), $"musicrecs-silo-{ports[0]}.log");
            using var silo = LocalSilo.Start(ports[0], ports[1], logPath);
            report.Line($"silo: starting (pid {silo.ProcessId}, gateway port {ports[0]}, memory storage and memory streams; log {logPath})");
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
                var sender = new PlaySender(connection, null, ct);
                var clock = Stopwatch.StartNew();
                var limit = TimeSpan.FromSeconds(duration);
                var next = 0;
                while (clock.Elapsed < limit)
                {
                    await sender.SendAsync(events[next].User, events[next].Plays);
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
                report.Line($"throughput: {sender.Plays:N0} plays in {sender.Events:N0} events to {users.Length:N0} users published in {published.TotalSeconds:F1}s, all applied after {elapsed:F1}s: {playsPerSecond:N0} plays/s (up to {size:N0} plays per event, {MaxInFlight} events in flight)");

                // Freshness: probes on users the background load leaves alone, at half the measured rate.
                var (probes, probeUsers) = await ProbePairsAsync(connection, dataset);
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
                    ["stream_provider"] = "memory",
                    ["stream_name"] = PlayStreams.Provider,
                    ["model_version"] = final.PublishedVersion,
                    ["users"] = dataset.Users.Count,
                    ["artists"] = dataset.Artists.Count,
                    ["factors"] = options.Factors,
                    ["processor_count"] = Environment.ProcessorCount,
                };
            }

            silo.Stop();
            if (parse.GetValue(siloLog) is null)
            {
                TryDelete(logPath);
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
    /// Up to <see cref="Probes"/> (user, artist, artist index) pairs: users with plays (so with a model factor),
    /// each with an artist it has not played; the probed users are at most half of them, the rest carry the load.
    /// </summary>
    private static async Task<(List<(string User, string Artist, int Index)> Pairs, HashSet<string> Users)> ProbePairsAsync(ClusterConnection connection, Dataset data)
    {
        var random = new Random(SampleSeed);
        var withPlays = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        random.Shuffle(withPlays);
        var chosen = withPlays.Take(Math.Max(1, Math.Min(Probes, withPlays.Length / 2))).ToArray();
        var indexes = await connection.Artists.Lookup([.. data.Artists.Ids]);
        var pairs = new List<(string, string, int)>();
        var used = chosen.ToDictionary(u => u, u => new HashSet<int>(data.Plays.RowIndexes(u).ToArray()));
        for (var attempt = 0; pairs.Count < Probes && attempt < Probes * 20; attempt++)
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the temp folder.
        }
    }

    private sealed record PlayChunk(string User, (string Artist, float Count, long Timestamp)[] Plays);
}
