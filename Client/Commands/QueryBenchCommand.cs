using System.CommandLine;
using System.Collections.Immutable;
using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// <c>bench query</c>: starts a local silo, imports a dataset, trains, then has the query-bench grain time
/// recommend calls from inside the silo (one at a time for latency, then 2 x cores callers for throughput)
/// and similar-artist and explain calls, over a sample of users and artists.
/// </summary>
internal static class QueryBenchCommand
{
    public const int MaxQueries = 50_000;
    public const int MaxSample = 1_000;
    private const int SampleSeed = 7;
    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var count = new Option<int>("--count") { Description = "Artists per answer.", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--queries") { Description = "Calls per measurement.", DefaultValueFactory = _ => 2_000 };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("query", "Time recommend, similar and explain from inside a local silo after importing and training: p50/p99 latency and queries per second.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(count);
        command.Options.Add(queries);
        command.Options.Add(siloLog);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report);
            var n = Answers.CheckCount(parse.GetValue(count));
            var total = parse.GetValue(queries);
            if (total is < 1 or > MaxQueries)
            {
                throw new ArgumentException($"--queries {total} is out of range: it must be between 1 and {MaxQueries:N0}.");
            }

            var dataset = data.Load(parse, report);
            var (users, artists) = Sample(dataset);
            if (users.Length == 0 || artists.Length == 0)
            {
                throw new ArgumentException("the data has no plays to query.");
            }

            using var silo = LocalSilo.StartOnFreePorts(parse.GetValue(siloLog), report, "memory storage", LocalSilo.BenchSettings);
            var connection = await silo.ConnectAsync(ct);

            Dictionary<string, object?> result;
            await using (connection)
            {
                var (imported, final, code) = await ClusterTraining.ImportAndTrainAsync(connection, dataset, options, report, ct);
                if (code != 0)
                {
                    return code;
                }

                var indexes = await connection.Artists.Lookup(artists);
                var bench = connection.Client.GetGrain<IQueryBenchGrain>($"query-bench/{Guid.NewGuid():N}");
                var callers = 2 * await bench.ProcessorCount();
                var kernel = await bench.ScoringKernel();

                // Every sampled grain is activated (its state loaded) before anything is timed.
                var clock = Stopwatch.StartNew();
                await bench.Recommend(users, n, users.Length, callers);
                await bench.Similar(artists, n, artists.Length);
                await bench.Explain(users, indexes, n, Math.Min(users.Length, 100));
                report.Line($"warm-up: {users.Length:N0} users and {artists.Length:N0} artists activated in {clock.Elapsed.TotalSeconds:F1}s");

                var sequential = await bench.Recommend(users, n, total, 1);
                var parallel = await bench.Recommend(users, n, total, callers);
                var similar = await bench.Similar(artists, n, total);
                var explain = await bench.Explain(users, indexes, n, total);

                report.Line($"recommend (top {n}, {total:N0} calls over {users.Length:N0} users, one at a time, {kernel} scoring): p50 {sequential.P50Us:N0} us, p99 {sequential.P99Us:N0} us, mean {sequential.MeanUs:N0} us{Failures(sequential)}");
                report.Line($"recommend ({parallel.Callers} callers): {parallel.QueriesPerSecond:N0} queries/s, p50 {parallel.P50Us:N0} us, p99 {parallel.P99Us:N0} us{Failures(parallel)}");
                report.Line($"similar (top {n}, over {artists.Length:N0} artists): p50 {similar.P50Us:N0} us, p99 {similar.P99Us:N0} us{Failures(similar)}");
                report.Line($"explain (top {n}): p50 {explain.P50Us:N0} us, p99 {explain.P99Us:N0} us{Failures(explain)}");
                report.Line($"answers from the model: {sequential.ModelAnswers:N0} of {sequential.Queries:N0} recommendations");

                result = new Dictionary<string, object?>
                {
                    ["p50_us"] = sequential.P50Us,
                    ["p99_us"] = sequential.P99Us,
                    ["mean_us"] = sequential.MeanUs,
                    ["queries_per_second"] = parallel.QueriesPerSecond,
                    ["parallel_p50_us"] = parallel.P50Us,
                    ["parallel_p99_us"] = parallel.P99Us,
                    ["callers"] = parallel.Callers,
                    ["similar_p50_us"] = similar.P50Us,
                    ["similar_p99_us"] = similar.P99Us,
                    ["explain_p50_us"] = explain.P50Us,
                    ["explain_p99_us"] = explain.P99Us,
                    ["queries"] = total,
                    ["count"] = n,
                    ["sampled_users"] = users.Length,
                    ["sampled_artists"] = artists.Length,
                    ["model_answers"] = sequential.ModelAnswers,
                    ["failures"] = sequential.Failures + parallel.Failures + similar.Failures + explain.Failures,
                    ["model_version"] = final.PublishedVersion,
                    ["users"] = dataset.Users.Count,
                    ["artists"] = dataset.Artists.Count,
                    ["factors"] = options.Factors,
                    ["processor_count"] = callers / 2,
                    ["scoring_kernel"] = kernel,
                };

                if (new[] { sequential, parallel, similar, explain }.FirstOrDefault(l => l.Failures == l.Queries) is { } failed)
                {
                    Console.Error.WriteLine($"error: every query of a measurement failed: {failed.FirstFailure}");
                    return ClusterCommandRunner.CallFailed;
                }
            }


            report.WriteJson(result);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static string Failures(QueryLatencies l) => l.Failures == 0 ? string.Empty : $" ({l.Failures:N0} failed: {l.FirstFailure})";

    /// <summary>Up to <see cref="MaxSample"/> users with plays and as many artists with listeners, in a seeded random order.</summary>
    private static (ImmutableArray<string> Users, ImmutableArray<string> Artists) Sample(Dataset data)
    {
        var random = new Random(SampleSeed);
        var users = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        random.Shuffle(users);
        var listened = new bool[data.Artists.Count];
        foreach (var a in data.Plays.ColumnIndexes)
        {
            listened[a] = true;
        }

        var artists = Enumerable.Range(0, data.Artists.Count).Where(a => listened[a]).ToArray();
        random.Shuffle(artists);
        return ([.. users.Take(MaxSample).Select(u => data.Users[u])], [.. artists.Take(MaxSample).Select(a => data.Artists[a])]);
    }
}
