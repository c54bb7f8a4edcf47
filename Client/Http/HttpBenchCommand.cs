using System.Collections.Immutable;
using System.CommandLine;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Commands;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Http;

/// <summary>
/// <c>bench http</c>: starts a local silo with its HTTP API, imports, trains, then times
/// <c>GET /api/users/{user}/recommendations</c> over real HTTP on loopback (one reused connection per caller)
/// at concurrency 1 and 16, and the same users' Recommend calls from inside the silo in the same run.
/// </summary>
internal static class HttpBenchCommand
{
    public const int Concurrency = 16;
    private const int MaxUsers = 1_000;

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var count = new Option<int>("--count") { Description = "Artists per answer.", DefaultValueFactory = _ => 10 };
        var requests = new Option<int>("--requests") { Description = "Requests per measurement.", DefaultValueFactory = _ => 20_000 };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("http", "Time GET recommendations over HTTP against a local silo (concurrency 1 and 16) beside the same calls from inside the silo.");
        data.AddTo(command);
        model.AddTo(command);
        foreach (var o in new Option[] { count, requests, siloLog, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = TrainCommand.Resolve(parse, model, null, report);
            var n = Answers.CheckCount(parse.GetValue(count));
            var total = parse.GetValue(requests);
            if (total is < 1 or > 1_000_000)
            {
                throw new ArgumentException($"--requests {total} is out of range: it must be between 1 and 1,000,000.");
            }

            var dataset = data.Load(parse, report);
            var users = Sample(dataset);
            if (users.IsEmpty)
            {
                throw new ArgumentException("the data has no plays to query.");
            }

            var httpPort = FreePorts.Pick(1)[0];
            var web = new Uri($"http://127.0.0.1:{httpPort}/");
            var settings = new Dictionary<string, string> { ["MusicRecs:Http:Enabled"] = "true", ["MusicRecs:Http:Urls"] = web.ToString().TrimEnd('/') };
            using var silo = LocalSilo.StartOnFreePorts(parse.GetValue(siloLog), report, $"memory storage, HTTP on {web}", settings);
            var connection = await silo.ConnectAsync(ct);
            Dictionary<string, object?> result;
            await using (connection)
            {
                var (_, final, code) = await TrainCommand.ImportAndTrainAsync(connection, dataset, options, report, ct);
                if (code != 0)
                {
                    return code;
                }

                await HttpReady.WaitAsync(web, ct);
                string[] paths = [.. users.Select(u => $"/api/users/{Uri.EscapeDataString(u)}/recommendations?n={n}")];
                var bench = connection.Client.GetGrain<IQueryBenchGrain>($"http-bench/{Guid.NewGuid():N}");

                // Every sampled user is activated, and the HTTP path compiled, before anything is timed; the pause lets
                // tiered compilation finish the optimised code of the hot methods in the background.
                await bench.Recommend(users, n, users.Length, 4);
                await HttpLoad.RunAsync(web, paths, Math.Max(5_000, users.Length), Concurrency, ct);
                await HttpLoad.RunAsync(web, paths, 3_000, 1, ct);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);

                report.Line($"timing {total:N0} requests one at a time...");
                var sequential = await HttpLoad.RunAsync(web, paths, total, 1, ct);
                report.Line($"timing {total:N0} requests from {Concurrency} callers...");
                var parallel = await HttpLoad.RunAsync(web, paths, total, Concurrency, ct);
                report.Line($"timing {total:N0} Recommend calls from inside the silo...");
                var inSilo = await bench.Recommend(users, n, total, 1);

                report.Line($"GET recommendations over HTTP (top {n}, {total:N0} requests over {users.Length:N0} users, one at a time): p50 {sequential.P50Us:N0} us, p99 {sequential.P99Us:N0} us, mean {sequential.MeanUs:N0} us{Failures(sequential)}");
                report.Line($"GET recommendations over HTTP ({Concurrency} callers, one connection each): {parallel.RequestsPerSecond:N0} requests/s, p50 {parallel.P50Us:N0} us, p99 {parallel.P99Us:N0} us{Failures(parallel)}");
                report.Line($"the same Recommend calls from inside the silo, one at a time: p50 {inSilo.P50Us:N0} us, p99 {inSilo.P99Us:N0} us");
                result = new Dictionary<string, object?>
                {
                    ["http_p50_us"] = sequential.P50Us,
                    ["http_p99_us"] = sequential.P99Us,
                    ["http_mean_us"] = sequential.MeanUs,
                    ["requests_per_second"] = parallel.RequestsPerSecond,
                    ["parallel_p50_us"] = parallel.P50Us,
                    ["parallel_p99_us"] = parallel.P99Us,
                    ["concurrency"] = Concurrency,
                    ["in_silo_p50_us"] = inSilo.P50Us,
                    ["in_silo_p99_us"] = inSilo.P99Us,
                    ["requests"] = total,
                    ["count"] = n,
                    ["sampled_users"] = users.Length,
                    ["failures"] = sequential.Failures + parallel.Failures + inSilo.Failures,
                    ["model_version"] = final.PublishedVersion,
                    ["users"] = dataset.Users.Count,
                    ["artists"] = dataset.Artists.Count,
                    ["factors"] = options.Factors,
                    ["processor_count"] = Environment.ProcessorCount,
                };

                if (new[] { sequential, parallel }.FirstOrDefault(l => l.Failures == l.Requests) is { } failed)
                {
                    Console.Error.WriteLine($"error: every request of a measurement failed: {failed.FirstFailure}");
                    return ClusterCommandRunner.CallFailed;
                }
            }

            silo.StopAndDeleteTemporaryLog();
            report.WriteJson(result);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static string Failures(HttpLoadResult l) => l.Failures == 0 ? string.Empty : $" ({l.Failures:N0} failed: {l.FirstFailure})";

    /// <summary>Up to <see cref="MaxUsers"/> users with plays, in a seeded random order.</summary>
    private static ImmutableArray<string> Sample(Dataset data)
    {
        var users = Enumerable.Range(0, data.Users.Count).Where(u => data.Plays.RowLength(u) > 0).ToArray();
        new Random(7).Shuffle(users);
        return [.. users.Take(MaxUsers).Select(u => data.Users[u])];
    }
}
