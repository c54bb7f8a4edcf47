using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Processes;

/// <summary>
/// A silo on this machine with the embedded defaults (memory storage, memory streams, localhost clustering) on
/// given ports, and a client's view of it: further silo settings may be given, and <see cref="ClientSettings"/>
/// follows them. Its log goes to a file (deleted at the end when it was a temp file nobody asked for) or, without
/// one, stays in memory. Disposing stops it unless it was detached to keep running.
/// </summary>
internal sealed class LocalSilo : IDisposable
{
    /// <summary>How long a silo started here may take to open its gateway.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Turns the benchmark grains on in a silo the bench commands start.</summary>
    public static readonly IReadOnlyDictionary<string, string> BenchSettings = new Dictionary<string, string> { ["MusicRecs:Bench:Enabled"] = "true" };

    /// <summary>Keys the local silo sets itself and callers may not replace: its clustering and ports.</summary>
    private static readonly string[] FixedKeys =
    [
        "MusicRecs:Clustering:Mode", "MusicRecs:Clustering:SiloPort", "MusicRecs:Clustering:GatewayPort", "MusicRecs:Clustering:PrimarySiloPort",
    ];

    private readonly SiloProcess _process;
    private bool _detached;

    private LocalSilo(SiloProcess process, ClusterSettings clientSettings, bool temporaryLog)
    {
        _process = process;
        ClientSettings = clientSettings;
        TemporaryLog = temporaryLog;
    }

    public int GatewayPort => _process.GatewayPort;

    public int SiloPort => _process.SiloPort;

    public string? LogPath => _process.LogPath;

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    /// <summary>How a client reaches this silo: its gateway, cluster and service ids, and the play streams it reads.</summary>
    public ClusterSettings ClientSettings { get; }

    /// <summary>Whether the log is a temp file nobody asked for.</summary>
    public bool TemporaryLog { get; }

    /// <summary>
    /// Starts a silo for one command run on two free ports and reports it (<paramref name="setup"/> says what it
    /// runs on). Without <paramref name="logPath"/> it logs to a file in the temp folder that disposing removes.
    /// </summary>
    public static LocalSilo StartOnFreePorts(string? logPath, Reporter report, string setup, IReadOnlyDictionary<string, string>? settings = null)
    {
        var ports = FreePorts.Take(2);
        var silo = Start(ports[0], ports[1], logPath ?? Path.Combine(Path.GetTempPath(), $"musicrecs-silo-{ports[0]}.log"), settings: settings, temporaryLog: logPath is null);
        report.Line($"silo: starting (pid {silo.ProcessId}, gateway port {ports[0]}, {setup}; log {silo.LogPath})");
        return silo;
    }

    /// <summary>
    /// Starts the silo on the given ports. <paramref name="settings"/> adds or replaces silo configuration keys
    /// (as Silo/README.md names them, e.g. <c>MusicRecs:Streams:Mode</c> = <c>AzureQueue</c>), except the
    /// clustering mode and the ports; they reach the process as environment variables, so connection strings stay
    /// off its command line. A null <paramref name="logPath"/> keeps the output in memory.
    /// </summary>
    public static LocalSilo Start(int gatewayPort, int siloPort, string? logPath, int? primarySiloPort = null, IReadOnlyDictionary<string, string>? settings = null, bool temporaryLog = false)
    {
        var given = Checked(settings);
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MusicRecs:Clustering:Mode"] = "Localhost",
            ["MusicRecs:Clustering:SiloPort"] = $"{siloPort}",
            ["MusicRecs:Clustering:GatewayPort"] = $"{gatewayPort}",
            ["MusicRecs:Clustering:PrimarySiloPort"] = $"{primarySiloPort ?? siloPort}",
            ["MusicRecs:Clustering:ClusterId"] = ClusterOptionSet.DefaultId,
            ["MusicRecs:Clustering:ServiceId"] = ClusterOptionSet.DefaultId,
            ["MusicRecs:Storage:Mode"] = "Memory",
            // Several silos may share the machine: no HTTP port unless asked (quickstart and bench http ask).
            ["MusicRecs:Http:Enabled"] = "false",
        };

        // The defaults on the command line (they show in a process list), unless a given setting replaces them;
        // environment variables rank below the command line in the silo's configuration.
        var launch = new SiloLaunch($"silo-{gatewayPort}", siloPort, gatewayPort, [.. defaults.Where(d => !given.ContainsKey(d.Key)).Select(d => $"--{d.Key}={d.Value}")])
        {
            Environment = given,
            LogPath = logPath,
        };
        var effective = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in given)
        {
            effective[key] = value;
        }

        return new LocalSilo(SiloProcess.Start(launch), ClientSettingsFor(gatewayPort, effective), temporaryLog);
    }

    /// <summary>Connects to this silo's gateway, failing with the silo's own reason (or log tail) if it does not come up.</summary>
    public async Task<ClusterConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterConnection.ConnectAsync(ClientSettings, cancellationToken, ExitReason);
        }
        catch (ClusterUnavailableException e)
        {
            throw new InvalidOperationException($"the silo did not start: {ExitReason() ?? e.Message + Environment.NewLine + LogTail(6)}", e);
        }
    }

    /// <summary>Waits until the silo serves.</summary>
    public Task WaitStartedAsync() => _process.WaitStartedAsync(StartTimeout);

    /// <summary>Why waiting for this silo is pointless, or null while it runs.</summary>
    public string? ExitReason() => _process.ExitReason();

    public string LogTail(int lines) => _process.LogTail(lines);

    /// <summary>Leaves the silo running after this process exits (and its log in place).</summary>
    public void Detach()
    {
        _detached = true;
        _process.Detach();
    }

    /// <summary>Stops the silo process (and anything it started) and waits for it to go.</summary>
    public void Stop() => _process.Kill();

    /// <summary>Stops the silo (unless detached) and deletes its log if it was a temp file.</summary>
    public void Dispose()
    {
        _process.Dispose();
        if (TemporaryLog && !_detached && LogPath is not null)
        {
            DeleteLog(LogPath);
        }
    }

    /// <summary>Deletes a silo log; one that cannot be deleted (still in use, not ours) stays where it is.</summary>
    public static void DeleteLog(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place.
        }
    }

    private static Dictionary<string, string> Checked(IReadOnlyDictionary<string, string>? settings)
    {
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('=', StringComparison.Ordinal) || value is null)
            {
                throw new ArgumentException($"'{key}' = '{value}' is not a silo setting: the key must be a non-empty configuration path without '=' and the value non-null.", nameof(settings));
            }

            if (FixedKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{key} is set by the local silo itself and cannot be given.", nameof(settings));
            }

            given[key] = value;
        }

        return given;
    }

    /// <summary>
    /// The client side of the silo's effective settings: its ids, and Azure Queue streams (with the queues'
    /// connection string, defaulting to the storage account's as the silo's does) when it reads those.
    /// </summary>
    private static ClusterSettings ClientSettingsFor(int gatewayPort, IReadOnlyDictionary<string, string> settings)
    {
        string? Get(string key) => settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var azureQueues = string.Equals(Get("MusicRecs:Streams:Mode"), "AzureQueue", StringComparison.OrdinalIgnoreCase);
        var azureStorage = string.Equals(Get("MusicRecs:Storage:Mode"), "Azure", StringComparison.OrdinalIgnoreCase);
        return new ClusterSettings
        {
            GatewayPort = gatewayPort,
            ClusterId = Get("MusicRecs:Clustering:ClusterId") ?? ClusterOptionSet.DefaultId,
            ServiceId = Get("MusicRecs:Clustering:ServiceId") ?? ClusterOptionSet.DefaultId,
            Streams = azureQueues ? ClusterSettings.AzureStreams : ClusterSettings.MemoryStreams,
            StreamsConnectionString = azureQueues ? Get("MusicRecs:Streams:ConnectionString") ?? (azureStorage ? Get("MusicRecs:Storage:ConnectionString") : null) : null,
            ConnectTimeout = StartTimeout,
        };
    }
}
