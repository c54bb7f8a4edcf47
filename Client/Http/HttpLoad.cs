using System.Diagnostics;
using System.Net;

namespace MusicRecs.Client.Http;

/// <summary>
/// GET requests over real HTTP: <c>callers</c> concurrent loops, each with its own client holding one reused
/// connection, taking the next of <c>total</c> requests until none is left; every request is timed to the
/// last byte of its answer.
/// </summary>
internal static class HttpLoad
{
    public static async Task<HttpLoadResult> RunAsync(Uri baseAddress, IReadOnlyList<string> paths, int total, int callers, CancellationToken cancellationToken)
    {
        var latencies = new double[total];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var clients = Enumerable.Range(0, callers).Select(_ => Client(baseAddress)).ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.GetAsync(paths[i % paths.Count], HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                        while (await body.ReadAsync(buffer, cancellationToken) > 0)
                        {
                        }

                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new HttpRequestException($"{paths[i % paths.Count]}: HTTP {(int)response.StatusCode}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                    }

                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            return new HttpLoadResult(total, callers, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Average(), failures, firstFailure);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>A client with a single connection to the silo, kept open between requests.</summary>
    private static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
