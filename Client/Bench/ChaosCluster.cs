using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;

namespace MusicRecs.Client.Bench;

/// <summary>
/// The silo processes of one chaos run: Azure Table clustering, Azure grain storage and Azure Queue streams on
/// the run's Azurite, under a cluster and service id of the run's own. Each silo keeps its ports across
/// restarts; a kill is SIGKILL (<see cref="SiloProcess.Kill"/>), and each incarnation logs to a file of its own
/// in the run's folder. Disposing kills whatever still runs.
/// </summary>
internal sealed class ChaosCluster : IDisposable
{
    private readonly string _connectionString;
    private readonly string _logs;
    private readonly (int SiloPort, int GatewayPort)[] _ports;
    private readonly SiloProcess?[] _silos;
    private readonly int[] _incarnations;

    public ChaosCluster(int silos, string connectionString, string logs)
    {
        _connectionString = connectionString;
        _logs = logs;
        Id = $"chaos{Guid.NewGuid():N}"[..13];
        var ports = FreePorts.Take(2 * silos);
        _ports = [.. Enumerable.Range(0, silos).Select(i => (ports[2 * i], ports[(2 * i) + 1]))];
        _silos = new SiloProcess?[silos];
        _incarnations = new int[silos];
        Directory.CreateDirectory(logs);
    }

    /// <summary>Cluster id and service id (lower-case letters and digits: also the prefix of its blob containers and queues).</summary>
    public string Id { get; }

    public int Count => _silos.Length;

    /// <summary>How a client reaches this cluster and publishes to its play queues.</summary>
    public ClusterSettings ClientSettings => new()
    {
        Clustering = ClusterSettings.Azure,
        ConnectionString = _connectionString,
        ClusterId = Id,
        ServiceId = Id,
        Streams = ClusterSettings.AzureStreams,
        StreamsConnectionString = _connectionString,
        ConnectTimeout = LocalSilo.StartTimeout,
    };

    /// <summary>Starts every silo and waits until all serve.</summary>
    public Task StartAllAsync(CancellationToken cancellationToken) => Task.WhenAll(Enumerable.Range(0, Count).Select(i => StartAsync(i, cancellationToken)));

    /// <summary>Starts silo <paramref name="i"/> on its ports (again, after a kill) and waits until it serves.</summary>
    public async Task StartAsync(int i, CancellationToken cancellationToken)
    {
        var (siloPort, gatewayPort) = _ports[i];
        var name = $"silo{i + 1}";
        string[] arguments =
        [
            "--MusicRecs:Clustering:Mode=AzureTable",
            $"--MusicRecs:Clustering:ClusterId={Id}",
            $"--MusicRecs:Clustering:ServiceId={Id}",
            $"--MusicRecs:Clustering:SiloPort={siloPort}",
            $"--MusicRecs:Clustering:GatewayPort={gatewayPort}",
            "--MusicRecs:Clustering:AdvertisedIP=127.0.0.1",
            "--MusicRecs:Storage:Mode=Azure",
            "--MusicRecs:Streams:Mode=AzureQueue",
            "--MusicRecs:Http:Enabled=false",
        ];
        var launch = new SiloLaunch(name, siloPort, gatewayPort, arguments)
        {
            // Connection strings reach the silo as environment variables, off its command line.
            Environment = new Dictionary<string, string>
            {
                ["MusicRecs:Clustering:ConnectionString"] = _connectionString,
                ["MusicRecs:Storage:ConnectionString"] = _connectionString,
            },
            LogPath = Path.Combine(_logs, $"{name}-{_incarnations[i]++}.log"),
        };
        var silo = SiloProcess.Start(launch);
        _silos[i] = silo;
        await silo.WaitStartedAsync(LocalSilo.StartTimeout).WaitAsync(cancellationToken);
    }

    /// <summary>SIGKILL to silo <paramref name="i"/> (no shutdown, nothing flushed), then the same silo again on the same ports.</summary>
    public async Task KillAndRestartAsync(int i, string why, CancellationToken cancellationToken)
    {
        var silo = _silos[i] ?? throw new InvalidOperationException($"silo{i + 1} is not running");
        var pid = silo.ProcessId;
        silo.Kill();
        silo.Dispose();
        _silos[i] = null;
        Reporter.Progress($"  chaos: killed silo{i + 1} (pid {pid}, silo port {_ports[i].SiloPort}) {why}; restarting it");
        await StartAsync(i, cancellationToken);
        Reporter.Progress($"  chaos: silo{i + 1} back (pid {_silos[i]!.ProcessId})");
    }

    /// <summary>Which silo listens on a silo port, or -1.</summary>
    public int IndexOfSiloPort(int port) => Array.FindIndex(_ports, p => p.SiloPort == port);

    public string Describe() =>
        string.Join(", ", Enumerable.Range(0, Count).Select(i => $"silo{i + 1} pid {_silos[i]?.ProcessId.ToString(CultureInfo.InvariantCulture) ?? "-"} port {_ports[i].SiloPort}"));

    public void Dispose()
    {
        for (var i = 0; i < _silos.Length; i++)
        {
            _silos[i]?.Dispose();
            _silos[i] = null;
        }
    }
}
