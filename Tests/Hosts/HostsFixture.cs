using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MusicRecs.Grains.Hosting;
using MusicRecs.Tests.Processes;
using Orleans.Runtime;

namespace MusicRecs.Tests.Hosts;

/// <summary>
/// Three silo hosts and an Azurite host in network namespaces of their own (<c>scripts/hosts.sh up 3 --tls</c>),
/// under a name and a 10.x.y.0/24 subnet drawn for this run, so that leftovers of a crashed run cannot collide
/// with it. Needs root, iproute2, openssl, curl and node on Linux; without them <see cref="SkipReason"/> says what
/// is missing and nothing starts. Disposing runs <c>scripts/hosts.sh down</c>, however the tests ended.
/// </summary>
public sealed class HostsFixture : IAsyncLifetime
{
    public const int Silos = 3;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, string> _scriptEnvironment = new();
    private IHost? _client;
    private bool _up;

    /// <summary>Why the hosts cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The cluster id (also the service id and the namespace prefix).</summary>
    public string Name { get; } = $"mrt{Guid.NewGuid().ToString("N")[..5]}";

    /// <summary>What <c>up</c> printed: the connection string, ids, certificate and password, as the tool's environment.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment { get; private set; } = new Dictionary<string, string>();

    /// <summary>The silos' advertised addresses, host 1 first.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public TimeSpan UpTime { get; private set; }

    public IClusterClient Client => (_client ?? throw new InvalidOperationException("not connected")).Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        SkipReason = WhyNot();
        if (SkipReason is not null)
        {
            return;
        }

        // A subnet drawn at random among 10.200.0.0-10.249.255.0; the script refuses one in use, so try a few.
        ProcessResult? up = null;
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 3 && up?.ExitCode != 0; attempt++)
        {
            _scriptEnvironment["HOSTS_NAME"] = Name;
            _scriptEnvironment["HOSTS_SUBNET"] = $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(0, 256)}";
            _up = true;
            up = await Script("up", $"{Silos}", "--tls");
            if (up.ExitCode != 0 && !up.Stderr.Contains("already in use", StringComparison.Ordinal))
            {
                break;
            }
        }

        UpTime = clock.Elapsed;
        if (up!.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/hosts.sh up {Silos} --tls failed. {up.Describe()}");
        }

        var values = up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('\''));
        ToolEnvironment = values.Where(v => v.Key.StartsWith("MUSICRECS_", StringComparison.Ordinal)).ToDictionary();
        Addresses = values["GATEWAYS"].Split(' ').Select(g => g.Split(':')[0]).ToList();

        var certificate = ClusterTls.Load(ToolEnvironment["MUSICRECS_TLS_CERTIFICATE"], ToolEnvironment["MUSICRECS_TLS_PASSWORD"], "the cluster certificate");
        _client = AzureClusterClient.Build(Name, ToolEnvironment["MUSICRECS_CONNECTION_STRING"], c => c.UseTls(certificate, o => ClusterTls.Configure(o, certificate)));
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _client.StopAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // The hosts go next; a client that could not say goodbye loses nothing, but the reason is kept in the output.
                Console.Error.WriteLine($"hosts fixture {Name}: the client did not stop cleanly: {e.GetType().Name}: {e.Message}");
            }

            _client.Dispose();
        }

        if (_up)
        {
            var down = await Script("down");
            if (down.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/hosts.sh down failed: namespaces '{Name}-*' or bridge '{Name}br' may be left. {down.Describe()}");
            }
        }
    }

    /// <summary>Runs the <c>musicrecs</c> tool against the hosts (TLS, Azure Table clustering).</summary>
    internal Task<ProcessResult> RunToolAsync(params string[] args) =>
        ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.ClientDll, .. args], ToolTimeout, ToolEnvironment);

    /// <summary>Takes host <paramref name="host"/>'s link down (1-based).</summary>
    public async Task CutAsync(int host) => (await Script("cut", $"{host}")).EnsureSuccess();

    public async Task RestoreAsync(int host) => (await Script("restore", $"{host}")).EnsureSuccess();

    /// <summary>The 1-based host of a silo address.</summary>
    public int HostOf(SiloAddress silo) => Addresses.ToList().IndexOf(silo.Endpoint.Address.ToString()) + 1;

    /// <summary>The script's status lines (hosts, processes, membership table).</summary>
    public async Task<string> StatusAsync() => (await Script("status")).Stdout;

    /// <summary>Silo hosts whose current silo is Active in the membership table, as the management grain reports it.</summary>
    public async Task<int> ActiveHostsAsync()
    {
        try
        {
            var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return hosts.Keys.Select(HostOf).Where(h => h > 0).Distinct().Count();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return -1;
        }
    }

    private static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux network namespaces";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (ip netns, veths, a bridge)";
        }

        foreach (var tool in new[] { "ip", "openssl", "curl", "node" })
        {
            if (!OnPath(tool))
            {
                return $"needs '{tool}' on PATH (.ci/run installs iproute2, openssl and curl)";
            }
        }

        return File.Exists(RepoPaths.SiloDll) ? null : $"needs the built silo ({RepoPaths.SiloDll})";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, tool)));

    private Task<ProcessResult> Script(params string[] args) =>
        ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "hosts.sh"), .. args], ScriptTimeout, _scriptEnvironment);
}
