using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace MusicRecs.Client.Http;

/// <summary>
/// GET requests over real HTTP: <c>callers</c> concurrent loops, each with its own handler holding one reused
/// connection, taking the next of <c>total</c> requests until none is left; every request is timed to the
/// last byte of its answer, and counts as failed unless it is 200 with a body that is one complete JSON value.
/// The generator shares the machine with the silo, so it is lean: addresses are parsed once, requests go
/// straight to the handler (no HttpClient timeout linking), and bodies are read into one pooled buffer per caller.
/// </summary>
internal static class HttpLoad
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HttpLoadResult> RunAsync(Uri baseAddress, IReadOnlyList<string> paths, int total, int callers, CancellationToken cancellationToken)
    {
        var latencies = new double[total];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var uris = paths.Select(p => new Uri(baseAddress, p)).ToArray();
        var invokers = Enumerable.Range(0, callers).Select(_ => new HttpMessageInvoker(Handler(), disposeHandler: true)).ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(invokers.Select(invoker => Task.Run(async () =>
            {
                var body = new PooledBody();
                var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                try
                {
                    for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
                    {
                        var start = Stopwatch.GetTimestamp();
                        try
                        {
                            // One timer per caller, re-armed per request.
                            timeout.CancelAfter(RequestTimeout);
                            var status = await GetAsync(invoker, uris[i % uris.Length], body, timeout.Token);
                            if (status != HttpStatusCode.OK)
                            {
                                throw new HttpRequestException($"{paths[i % paths.Count]}: HTTP {(int)status}");
                            }

                            if (!IsOneJsonValue(body.Span))
                            {
                                throw new HttpRequestException($"{paths[i % paths.Count]}: the body ({body.Length} bytes) is not one complete JSON value");
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref failures);
                            Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                            if (timeout.IsCancellationRequested)
                            {
                                timeout.Dispose();
                                timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                            }
                        }

                        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    }
                }
                finally
                {
                    timeout.Dispose();
                    body.Dispose();
                }
            }, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            return new HttpLoadResult(total, callers, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Average(), failures, firstFailure);
        }
        finally
        {
            foreach (var invoker in invokers)
            {
                invoker.Dispose();
            }
        }
    }

    /// <summary>One GET, its whole body read into <paramref name="body"/>.</summary>
    private static async Task<HttpStatusCode> GetAsync(HttpMessageInvoker invoker, Uri uri, PooledBody body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await invoker.SendAsync(request, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        body.Length = 0;
        while (true)
        {
            var read = await stream.ReadAsync(body.Free(), cancellationToken);
            if (read == 0)
            {
                return response.StatusCode;
            }

            body.Length += read;
        }
    }

    /// <summary>Whether the bytes are exactly one JSON value (a cut-off or trailing-garbage body is not).</summary>
    private static bool IsOneJsonValue(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A handler with a single connection to the silo, kept open between requests.</summary>
    private static SocketsHttpHandler Handler() => new()
    {
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
