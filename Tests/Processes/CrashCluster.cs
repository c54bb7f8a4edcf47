using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;
using MusicRecs.Client.Plays;
using MusicRecs.Client.Processes;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// A cluster of silo processes that tests crash: Azure Table clustering, Azure Blob/Table grain storage, Azure Table
/// reminders and Azure Queue play streams, all on the shared Azurite under a cluster and service id of its own (so
/// tables, containers and queues of one test never meet another's). Each silo keeps its ports for the life of the
/// cluster, so a silo killed with SIGKILL comes back on its old endpoint. The listener buffers flush every 200 ms
/// so the artists follow the users within a poll or two. Tests watch it through an Orleans client of their own and
/// run the musicrecs tool against it. Disposing kills every silo and prints the end of their output.
/// </summary>
internal sealed class CrashCluster : IAsyncDisposable
{
    /// <summary>
    /// How long a grain call of the test's client may take, and may keep failing after a crash (a dead silo not yet
    /// voted out, a grain reactivating): four times Orleans' 30 s default, for a machine whose cores are shared.
    /// </summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    private readonly ITestOutputHelper _output;
    private readonly SiloProcess[] _silos;
    private readonly List<SiloProcess> _retired = [];
    private IHost? _client;

    private CrashCluster(AzuriteFixture azurite, ITestOutputHelper output, int silos)
    {
        _output = output;
        ConnectionString = azurite.ConnectionString;
        Id = $"k{Guid.NewGuid():N}"[..13];
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-crash-{Id}");
        Directory.CreateDirectory(Folder);
        var ports = FreePorts.Take(2 * silos);
        _silos = [.. Enumerable.Range(0, silos).Select(i => SiloProcess.Start(new SiloLaunch($"silo{i + 1}", ports[2 * i], ports[(2 * i) + 1], Configuration(ports[2 * i], ports[(2 * i) + 1]))))];
    }

    /// <summary>Cluster id and service id: names the membership rows, grain-state tables and containers, reminders and play queues.</summary>
    public string Id { get; }

    public string ConnectionString { get; }

    /// <summary>A temp folder for this test's files.</summary>
    public string Folder { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The Orleans client the test watches the cluster with (connected by <see cref="ConnectAsync"/>).</summary>
    public IClusterClient Client => (_client ?? throw new InvalidOperationException("not connected")).Services.GetRequiredService<IClusterClient>();

    /// <summary>The musicrecs options that reach this cluster, publishing plays to its Azure queues.</summary>
    public IReadOnlyList<string> ToolClusterArgs =>
        ["--clustering", "azure", "--connection-string", ConnectionString, "--cluster-id", Id, "--service-id", Id, "--streams", "azure"];

    /// <summary>Starts <paramref name="silos"/> silo processes together, waits until all serve, and connects the test's client.</summary>
    public static async Task<CrashCluster> StartAsync(AzuriteFixture azurite, ITestOutputHelper output, int silos)
    {
        var cluster = new CrashCluster(azurite, output, silos);
        try
        {
            await Task.WhenAll(cluster._silos.Select(cluster.WaitStartedAsync));
            await cluster.ConnectAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs silo <paramref name="slot"/> (see <see cref="SiloProcess.KillAsync"/>) and returns its exit code.</summary>
    public async Task<int> KillAsync(int slot)
    {
        var code = await _silos[slot].KillAsync();
        Log($"{_silos[slot].Name} (pid {_silos[slot].ProcessId}) killed, exit code {code}");
        return code;
    }

    /// <summary>Starts silo <paramref name="slot"/> again on its old ports and waits until it serves.</summary>
    public async Task RestartAsync(int slot)
    {
        var old = _silos[slot];
        _retired.Add(old);
        _silos[slot] = old.Restart();
        await WaitStartedAsync(_silos[slot]);
    }

    /// <summary>SIGKILLs every silo at once (the test's client is dropped first: it has nothing left to talk to).</summary>
    public async Task<int[]> KillAllAsync()
    {
        await DisconnectAsync();
        var codes = await Task.WhenAll(_silos.Select(s => s.KillAsync()));
        Log($"all {codes.Length} silos killed, exit codes {string.Join(", ", codes)}");
        return codes;
    }

    /// <summary>Starts every silo again on its old ports, waits until all serve and connects a new client.</summary>
    public async Task RestartAllAsync()
    {
        for (var i = 0; i < _silos.Length; i++)
        {
            _retired.Add(_silos[i]);
            _silos[i] = _silos[i].Restart();
        }

        await Task.WhenAll(_silos.Select(WaitStartedAsync));
        await ConnectAsync();
    }

    /// <summary>The slot of the silo listening on <paramref name="address"/>'s port.</summary>
    public int SlotOf(SiloAddress address)
    {
        var slot = Array.FindIndex(_silos, s => s.SiloPort == address.Endpoint.Port);
        return slot >= 0 ? slot : throw new InvalidOperationException($"no silo of this cluster listens on {address}.");
    }

    /// <summary>
    /// Sends a file with musicrecs (import, or replay with its options; cluster options appended) until a run ends
    /// with exit code 0, at most three runs: a run that meets a timeout on a busy machine is retried as a client would
    /// retry it, and a run adds nothing that an earlier one applied (plays carry ids derived from the file).
    /// </summary>
    public async Task SendFileAsync(params string[] command)
    {
        ProcessResult run;
        var runs = 0;
        do
        {
            run = await RunToolAsync([.. command, .. ToolClusterArgs]);
            runs++;
        }
        while (run.ExitCode != 0 && runs < 3);
        Assert.True(run.ExitCode == 0, $"musicrecs {command[0]} failed {runs} times: {run.Describe()}{SiloTails()}");
    }

    /// <summary>Starts a training run through the orchestrator grain and waits until it is no longer running.</summary>
    public async Task<TrainingStatus> TrainAsync(TrainingOptions options, TimeSpan timeout)
    {
        var started = await Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(options);
        var status = started;
        Assert.True(await WaitUntilAsync(async c => !(status = await c.GetGrain<ITrainingOrchestratorGrain>("default").GetStatus()).IsRunning, timeout), $"training still {status.Phase} after {timeout.TotalSeconds:F0} s ({status.HalfSweepsDone} half-sweeps)");
        return status;
    }

    /// <summary>Runs musicrecs with exactly these arguments, whatever its exit code.</summary>
    public async Task<ProcessResult> RunToolAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.ClientDll, .. args], TimeSpan.FromMinutes(2));
        Log($"musicrecs {args.FirstOrDefault()}: exit code {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>
    /// A grain call that may meet the aftermath of a crash (a dead silo not yet voted out, a grain reactivating):
    /// retried every 200 ms until it answers or <see cref="CallTimeout"/> has passed.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<IClusterClient, Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call(Client);
            }
            catch (Exception e) when (IsCrashAftermath(e) && clock.Elapsed < CallTimeout)
            {
                // Not a wait for a condition: the call is the condition. The pause spaces the attempts while membership
                // declares the dead silo dead and the grain's next call reactivates it elsewhere.
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> (calls retried as in <see cref="CallAsync"/>) until it holds or the timeout passes.</summary>
    public async Task<bool> WaitUntilAsync(Func<IClusterClient, Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await CallAsync(condition))
            {
                Log($"condition met after {clock.Elapsed.TotalSeconds:F1} s");
                return true;
            }

            if (clock.Elapsed > timeout)
            {
                Log($"condition still false after {timeout.TotalSeconds:F0} s");
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }

    public void Log(string line) =>
        _output.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}] {line}");

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        foreach (var silo in _retired.Concat(_silos))
        {
            silo.Kill();
            _output.WriteLine($"----- {silo.Name} (pid {silo.ProcessId}, exit code {silo.ExitCode}) output, last lines -----");
            _output.WriteLine(Tail(silo.Output, 30));
            silo.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder: harmless.
        }
    }

    /// <summary>What the client retries anyway (<see cref="TransientRetry.IsTransient"/>), and what only a crash leaves: a refused connection, a silo reported unavailable.</summary>
    private static bool IsCrashAftermath(Exception e) =>
        TransientRetry.IsTransient(e)
        || e is Orleans.Runtime.Messaging.ConnectionFailedException
        || (e is OrleansException && e.Message.Contains("unavailable", StringComparison.OrdinalIgnoreCase));

    private string[] Configuration(int siloPort, int gatewayPort) =>
    [
        "--MusicRecs:Http:Enabled=false",
        "--MusicRecs:Clustering:Mode=AzureTable",
        $"--MusicRecs:Clustering:ConnectionString={ConnectionString}",
        $"--MusicRecs:Clustering:ClusterId={Id}",
        $"--MusicRecs:Clustering:ServiceId={Id}",
        $"--MusicRecs:Clustering:SiloPort={siloPort}",
        $"--MusicRecs:Clustering:GatewayPort={gatewayPort}",
        "--MusicRecs:Clustering:AdvertisedIP=127.0.0.1",
        "--MusicRecs:Storage:Mode=Azure",
        $"--MusicRecs:Storage:ConnectionString={ConnectionString}",
        "--MusicRecs:Streams:Mode=AzureQueue",
        // Artists follow their users within a fraction of a second instead of the 5 s default.
        "--MusicRecs:Live:ListenerFlushPeriod=00:00:00.200",
    ];

    private async Task WaitStartedAsync(SiloProcess silo)
    {
        await silo.WaitStartedAsync(LocalSilo.StartTimeout);
        Log($"{silo.Name} started in {silo.StartTime.TotalSeconds:F1} s (pid {silo.ProcessId}, silo port {silo.SiloPort}, gateway {silo.GatewayPort})");
    }

    private async Task ConnectAsync()
    {
        var clock = Stopwatch.StartNew();
        var host = AzureClusterClient.Build(Id, ConnectionString, client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = CallTimeout);

            // Silos restarting after a kill take a moment to open their gateways: try again every half second, up to a silo's start time.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                await Task.Delay(500, token);
                return clock.Elapsed < LocalSilo.StartTimeout;
            });
        });
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _client = host;
    }

    private async Task DisconnectAsync()
    {
        if (_client is not null)
        {
            try
            {
                // A bound on a graceful stop, which waits for gateways that may all be dead.
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.StopAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // The cluster may be gone already (every silo killed); nothing is left to release but the host.
                Log($"client stop: {e.Message}");
            }

            _client.Dispose();
            _client = null;
        }
    }

    private string SiloTails() =>
        string.Concat(_silos.Select(s => $"{Environment.NewLine}----- {s.Name} (pid {s.ProcessId}{(s.HasExited ? ", exited" : "")}) -----{Environment.NewLine}{Tail(s.Output, 25)}"));

    private static string Tail(string text, int lines) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines).Select(l => l.TrimEnd('\r')));
}
