using System.Diagnostics;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Cluster;

/// <summary>
/// A silo process on this machine (MusicRecs.Silo.dll beside musicrecs.dll) with localhost clustering on
/// given ports and its output in a log file; further silo settings may be given. Disposing stops it unless
/// it was detached to keep running.
/// </summary>
internal sealed class LocalSilo : IDisposable
{
    public const string SiloDllName = "MusicRecs.Silo.dll";

    private readonly Process _process;
    private readonly StreamWriter? _pumpedLog;
    private readonly Lock _logGate = new();
    private bool _detached;

    /// <summary>Keys the local silo sets itself and callers may not replace: its clustering and ports.</summary>
    private static readonly string[] FixedKeys =
    [
        "MusicRecs:Clustering:Mode", "MusicRecs:Clustering:SiloPort", "MusicRecs:Clustering:GatewayPort", "MusicRecs:Clustering:PrimarySiloPort",
    ];

    private LocalSilo(Process process, int gatewayPort, int siloPort, string logPath, StreamWriter? pumpedLog, IReadOnlyDictionary<string, string> settings)
    {
        _process = process;
        GatewayPort = gatewayPort;
        SiloPort = siloPort;
        LogPath = logPath;
        _pumpedLog = pumpedLog;
        ClientSettings = ClientSettingsFor(gatewayPort, settings);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int GatewayPort { get; }

    public int SiloPort { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>How a client reaches this silo: its gateway, cluster and service ids, and the play streams it reads.</summary>
    public ClusterSettings ClientSettings { get; }

    /// <summary>How long a silo started here may take to open its gateway.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static string DefaultSiloDll => Path.Combine(AppContext.BaseDirectory, SiloDllName);

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

    /// <summary>
    /// Starts a silo for one command run on two free ports and reports it (<paramref name="setup"/> says what it
    /// runs on). Without <paramref name="logPath"/> it logs to a file in the temp folder that
    /// <see cref="StopAndDeleteTemporaryLog"/> removes.
    /// </summary>
    public static LocalSilo StartOnFreePorts(string? logPath, Reporter report, string setup, IReadOnlyDictionary<string, string>? settings = null)
    {
        var ports = FreePorts.Pick(2);
        var silo = Start(ports[0], ports[1], logPath ?? Path.Combine(Path.GetTempPath(), $"musicrecs-silo-{ports[0]}.log"), settings: settings);
        silo.TemporaryLog = logPath is null;
        report.Line($"silo: starting (pid {silo.ProcessId}, gateway port {ports[0]}, {setup}; log {silo.LogPath})");
        return silo;
    }

    /// <summary>Whether the log is a temp file nobody asked for.</summary>
    public bool TemporaryLog { get; private set; }

    /// <summary>Stops the silo and deletes its log if it was a temp file (a log still in use is left in the temp folder).</summary>
    public void StopAndDeleteTemporaryLog()
    {
        Stop();
        if (TemporaryLog)
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

    /// <summary>
    /// Starts the silo with the embedded defaults (memory storage, memory streams, localhost clustering) on the
    /// given ports. <paramref name="settings"/> adds or replaces silo configuration keys (as Silo/README.md names
    /// them, e.g. <c>MusicRecs:Streams:Mode</c> = <c>AzureQueue</c>), except the clustering mode and the ports;
    /// they reach the process as environment variables (<c>MusicRecs__Streams__Mode</c>), so connection strings
    /// stay off its command line. <see cref="ClientSettings"/> follows them (ids, play streams).
    /// </summary>
    public static LocalSilo Start(int gatewayPort, int siloPort, string logPath, string? siloDll = null, int? primarySiloPort = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        siloDll ??= DefaultSiloDll;
        if (!File.Exists(siloDll))
        {
            throw new FileNotFoundException($"{SiloDllName} not found beside musicrecs.dll ({Path.GetDirectoryName(siloDll)}): build the solution first ('dotnet build -c Release').", siloDll);
        }

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

        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MusicRecs:Clustering:Mode"] = "Localhost",
            ["MusicRecs:Clustering:SiloPort"] = $"{siloPort}",
            ["MusicRecs:Clustering:GatewayPort"] = $"{gatewayPort}",
            ["MusicRecs:Clustering:PrimarySiloPort"] = $"{primarySiloPort ?? siloPort}",
            ["MusicRecs:Clustering:ClusterId"] = ClusterOptionSet.DefaultId,
            ["MusicRecs:Clustering:ServiceId"] = ClusterOptionSet.DefaultId,
            ["MusicRecs:Storage:Mode"] = "Memory",
            ["MusicRecs:Http:Enabled"] = "false",
        };

        // The defaults on the command line (they show in a process list), unless a given setting replaces them.
        string[] siloArgs = [siloDll, .. defaults.Where(d => !given.ContainsKey(d.Key)).Select(d => $"--{d.Key}={d.Value}")];
        var effective = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in given)
        {
            effective[key] = value;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(logPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(siloDll))!,
            RedirectStandardInput = true,
        };

        // Environment variables rank below the command line in the silo's configuration, which no longer has these keys.
        foreach (var (key, value) in given)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        StreamWriter? pumped = null;
        if (OperatingSystem.IsWindows())
        {
            // No shell redirection here: the output is copied into the log while this process runs.
            start.FileName = DotnetHost();
            foreach (var a in siloArgs)
            {
                start.ArgumentList.Add(a);
            }

            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            pumped = new StreamWriter(logPath, append: false) { AutoFlush = true };
        }
        else
        {
            // The silo writes its log file itself, so it keeps logging after this process has exited (--keep-running).
            File.WriteAllText(logPath, string.Empty);
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
            start.ArgumentList.Add("musicrecs-silo");
            start.ArgumentList.Add(logPath);
            start.ArgumentList.Add(DotnetHost());
            foreach (var a in siloArgs)
            {
                start.ArgumentList.Add(a);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {siloDll}");
        process.StandardInput.Close();
        var silo = new LocalSilo(process, gatewayPort, siloPort, logPath, pumped, effective);
        if (pumped is not null)
        {
            process.OutputDataReceived += (_, e) => silo.Pump(e.Data);
            process.ErrorDataReceived += (_, e) => silo.Pump(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return silo;
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

    /// <summary>Why waiting for this silo is pointless, or null while it runs.</summary>
    public string? ExitReason()
    {
        if (!_process.HasExited)
        {
            return null;
        }

        return $"the silo process exited with code {_process.ExitCode}; the end of its log ({LogPath}):{Environment.NewLine}{LogTail(6)}";
    }

    public string LogTail(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(Environment.NewLine, all.TakeLast(lines).Select(l => "  " + Shorten(l.TrimEnd('\r'))));
        }
        catch (IOException e)
        {
            return $"  (log unreadable: {e.Message})";
        }
    }

    /// <summary>Log lines carry whole stack traces on one line: the start says what happened.</summary>
    private static string Shorten(string line) => line.Length <= 300 ? line : line[..300] + " ...";

    /// <summary>Leaves the silo running after this process exits.</summary>
    public void Detach() => _detached = true;

    /// <summary>Stops the silo process (and anything it started) and waits for it to go.</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_detached)
        {
            Stop();
        }

        lock (_logGate)
        {
            _pumpedLog?.Dispose();
        }

        _process.Dispose();
    }

    /// <summary>The dotnet host running this tool, so the silo runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
    }

    private void Pump(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            try
            {
                _pumpedLog?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The log closed while the silo was still writing: nothing more to keep.
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (!_detached)
        {
            Stop();
        }
    }
}
