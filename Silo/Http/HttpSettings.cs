namespace MusicRecs.Silo.Http;

/// <summary><c>MusicRecs:Http</c>: the HTTP API, web page, dashboard and metrics co-hosted by the silo.</summary>
public sealed class HttpSettings
{
    /// <summary>The environment variable that supplies an API key besides <see cref="ApiKeys"/>.</summary>
    public const string KeyVariable = "MUSICRECS_API_KEY";

    /// <summary>Serve HTTP (default true). false: the silo listens on no HTTP port.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where Kestrel listens, separated by ';' (default http://127.0.0.1:5080; port 0 picks a free one).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Keys that writes (plays, training) must carry in X-Api-Key, separated by ',' or ';'. None: writes are refused.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>Reads need a key too.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>Write requests allowed per second per client (token bucket, bursts up to twice this).</summary>
    public int WritesPerSecond { get; set; } = 200;

    /// <summary>Plays in one POST /api/plays, users in one POST /api/recommendations, artists in one anonymous basket.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>
    /// Kestrel runs a request's code on the socket's own I/O thread up to its first real wait (the grain call)
    /// instead of handing it to the thread pool twice (default true): one thread switch per request instead of
    /// three. No API handler blocks; false restores Kestrel's default.
    /// </summary>
    public bool InlineScheduling { get; set; } = true;

    /// <summary>Largest request body in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1 << 20;
}
