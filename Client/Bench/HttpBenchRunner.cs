using System.Collections.Immutable;
using MusicRecs.Client.Http;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Bench;

/// <summary>
/// <c>bench http</c>: starts a local silo with its HTTP API, imports, trains, then times
/// <c>GET /api/users/{user}/recommendations</c> over real HTTP on loopback (one reused connection per caller)
/// at concurrency 1 and <see cref="Concurrency"/>, and the same users' Recommend calls from inside the silo in the same run.
/// </summary>
internal static class HttpBenchRunner
{
    public const int Concurrency = 16;
    private const int MaxUsers = 1_000;
    private const int SampleSeed = 7;

    public static async Task<int> RunAsync(Dataset dataset, TrainingOptions options, int n, int total, string? siloLog, Reporter report, CancellationToken ct)
    {
        var users = Sample(dataset);
        if (users.IsEmpty)
        {
            throw new ArgumentException("the data has no plays to query.");
        }

        var web = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/");
        var settings = new Dictionary<string, string>(LocalSilo.BenchSettings)
        {
            ["MusicRecs:Http:Enabled"] = "true",
            ["MusicRecs:Http:Urls"] = web.ToString().TrimEnd('/'),
        };
        using var silo = LocalSilo.StartOnFreePorts(siloLog, report, $"memory storage, HTTP on {web}", settings);
        await using var connection = await silo.ConnectAsync(ct);
        var (_, final, code) = await ClusterTraining.ImportAndTrainAsync(connection, dataset, options, report, ct);
        if (code != 0)
        {
            return code;
        }

        await HttpReady.WaitAsync(web, ct);
        string[] paths = [.. users.Select(u => $"/api/users/{Uri.EscapeDataString(u)}/recommendations?n={n}")];
        var bench = connection.Client.GetGrain<IQueryBenchGrain>($"http-bench/{Guid.NewGuid():N}");

        // Every sampled user is activated, and the HTTP path compiled, before anything is timed; then the warm-up goes
        // on until tiered compilation has finished the optimised code of the hot methods in both processes.
        await bench.Recommend(users, n, users.Length, 4);
        await HttpLoad.RunAsync(web, paths, Math.Max(5_000, users.Length), Concurrency, ct);
        var warmup = await HttpWarmup.RunAsync(web, paths, bench, ct);
        report.Line($"warmed up in {warmup.Seconds:F1}s ({warmup.Rounds} rounds; the JIT spent {warmup.JitShare:P1} of the last round compiling)");

        report.Line($"timing {total:N0} requests one at a time...");
        var sequential = await HttpLoad.RunAsync(web, paths, total, 1, ct);
        report.Line($"timing {total:N0} requests from {Concurrency} callers...");
        var parallel = await HttpLoad.RunAsync(web, paths, total, Concurrency, ct);
        report.Line($"timing {total:N0} Recommend calls from inside the silo...");
        var inSilo = await bench.Recommend(users, n, total, 1);

        report.Line($"GET recommendations over HTTP (top {n}, {total:N0} requests over {users.Length:N0} users, one at a time): p50 {sequential.P50Us:N0} us, p99 {sequential.P99Us:N0} us, mean {sequential.MeanUs:N0} us{Failures(sequential)}");
        report.Line($"GET recommendations over HTTP ({Concurrency} callers, one connection each): {parallel.RequestsPerSecond:N0} requests/s, p50 {parallel.P50Us:N0} us, p99 {parallel.P99Us:N0} us{Failures(parallel)}");
        report.Line($"the same Recommend calls from inside the silo, one at a time: p50 {inSilo.P50Us:N0} us, p99 {inSilo.P99Us:N0} us");
        if (new[] { sequential, parallel }.FirstOrDefault(l => l.Failures == l.Requests) is { } failed)
        {
            Console.Error.WriteLine($"error: every request of a measurement failed: {failed.FirstFailure}");
            return CommandRunner.CallFailed;
        }

        report.WriteJson(new HttpBenchResult
        {
            HttpP50Us = sequential.P50Us,
            HttpP99Us = sequential.P99Us,
            HttpMeanUs = sequential.MeanUs,
            RequestsPerSecond = parallel.RequestsPerSecond,
            ParallelP50Us = parallel.P50Us,
            ParallelP99Us = parallel.P99Us,
            Concurrency = Concurrency,
            InSiloP50Us = inSilo.P50Us,
            InSiloP99Us = inSilo.P99Us,
            Requests = total,
            Count = n,
            SampledUsers = users.Length,
            Failures = sequential.Failures + parallel.Failures + inSilo.Failures,
            ModelVersion = final.PublishedVersion,
            Users = dataset.Users.Count,
            Artists = dataset.Artists.Count,
            Factors = options.Factors,
            ProcessorCount = Environment.ProcessorCount,
            WarmupSeconds = warmup.Seconds,
            WarmupRounds = warmup.Rounds,
            WarmupJitShare = warmup.JitShare,
        });
        return 0;
    }

    private static string Failures(HttpLoadResult l) => l.Failures == 0 ? string.Empty : $" ({l.Failures:N0} failed: {l.FirstFailure})";

    /// <summary>Up to <see cref="MaxUsers"/> users with plays, in a seeded random order.</summary>
    private static ImmutableArray<string> Sample(Dataset data)
    {
        var users = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        new Random(SampleSeed).Shuffle(users);
        return [.. users.Take(MaxUsers).Select(u => data.Users[u])];
    }
}
