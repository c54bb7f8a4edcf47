using System.Collections.Immutable;
using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench query</c>: starts a local silo, imports a dataset, trains, then has the query-bench grain time
/// recommend calls from inside the silo (one at a time for latency, then 2 x cores callers for throughput)
/// and similar-artist and explain calls, over a sample of users and artists.
/// </summary>
internal static class QueryBenchRunner
{
    public const int MaxSample = 1_000;
    private const int SampleSeed = 7;

    public static async Task<int> RunAsync(Dataset dataset, TrainingOptions options, int n, int total, string? siloLog, Reporter report, CancellationToken ct)
    {
        var (users, artists) = Sample(dataset);
        if (users.Length == 0 || artists.Length == 0)
        {
            throw new ArgumentException("the data has no plays to query.");
        }

        using var silo = LocalSilo.StartOnFreePorts(siloLog, report, "memory storage", LocalSilo.BenchSettings);
        await using var connection = await silo.ConnectAsync(ct);
        var (_, final, code) = await ClusterTraining.ImportAndTrainAsync(connection, dataset, options, report, ct);
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

        var result = new QueryBenchResult
        {
            P50Us = sequential.P50Us,
            P99Us = sequential.P99Us,
            MeanUs = sequential.MeanUs,
            QueriesPerSecond = parallel.QueriesPerSecond,
            ParallelP50Us = parallel.P50Us,
            ParallelP99Us = parallel.P99Us,
            Callers = parallel.Callers,
            SimilarP50Us = similar.P50Us,
            SimilarP99Us = similar.P99Us,
            ExplainP50Us = explain.P50Us,
            ExplainP99Us = explain.P99Us,
            Queries = total,
            Count = n,
            SampledUsers = users.Length,
            SampledArtists = artists.Length,
            ModelAnswers = sequential.ModelAnswers,
            Failures = sequential.Failures + parallel.Failures + similar.Failures + explain.Failures,
            ModelVersion = final.PublishedVersion,
            Users = dataset.Users.Count,
            Artists = dataset.Artists.Count,
            Factors = options.Factors,
            ProcessorCount = callers / 2,
            ScoringKernel = kernel,
        };

        if (new[] { sequential, parallel, similar, explain }.FirstOrDefault(l => l.Failures == l.Queries) is { } failed)
        {
            Console.Error.WriteLine($"error: every query of a measurement failed: {failed.FirstFailure}");
            return CommandRunner.CallFailed;
        }

        report.WriteJson(result);
        return 0;
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
