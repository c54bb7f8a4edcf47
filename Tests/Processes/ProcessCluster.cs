using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// One test's cluster: silo processes with Azure Table clustering and Azure storage on the shared Azurite,
/// under a cluster and service id of its own (so tests never see each other's members or state), and the
/// musicrecs tool pointed at it. Disposing stops every silo it started and prints their output.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public static readonly TimeSpan SiloStartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(2);

    private readonly ITestOutputHelper _output;
    private readonly List<SiloProcess> _silos = [];

    public ProcessCluster(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _output = output;
        ConnectionString = azurite.ConnectionString;
        Id = $"t{Guid.NewGuid():N}"[..13];
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-process-{Id}");
        Directory.CreateDirectory(Folder);
    }

    /// <summary>Cluster id and service id (one value: lower-case letters and digits, so also a valid container prefix).</summary>
    public string Id { get; }

    public string ConnectionString { get; }

    /// <summary>A temp folder for this test's files.</summary>
    public string Folder { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The client options that reach this cluster.</summary>
    public IReadOnlyList<string> ClientClusterArgs =>
        ["--clustering", "azure", "--connection-string", ConnectionString, "--cluster-id", Id, "--service-id", Id];

    /// <summary>Starts a silo on free ports and waits until it serves.</summary>
    public async Task<SiloProcess> StartSiloAsync()
    {
        var ports = FreePorts.Take(2);
        var name = $"silo{_silos.Count + 1}";
        string[] configuration =
        [
            "--MusicRecs:Clustering:Mode=AzureTable",
            $"--MusicRecs:Clustering:ConnectionString={ConnectionString}",
            $"--MusicRecs:Clustering:ClusterId={Id}",
            $"--MusicRecs:Clustering:ServiceId={Id}",
            $"--MusicRecs:Clustering:SiloPort={ports[0]}",
            $"--MusicRecs:Clustering:GatewayPort={ports[1]}",
            "--MusicRecs:Clustering:AdvertisedIP=127.0.0.1",
            "--MusicRecs:Storage:Mode=Azure",
            $"--MusicRecs:Storage:ConnectionString={ConnectionString}",
        ];
        var silo = SiloProcess.Start(name, ports[0], ports[1], configuration);
        _silos.Add(silo);
        await silo.WaitStartedAsync(SiloStartTimeout);
        _output.WriteLine($"[{Now}] {name} started in {silo.StartTime.TotalSeconds:F1} s (pid {silo.ProcessId}, silo port {silo.SiloPort}, gateway {silo.GatewayPort})");
        return silo;
    }

    /// <summary>Stops a silo gracefully and checks it exited cleanly.</summary>
    public async Task StopSiloAsync(SiloProcess silo)
    {
        var code = await silo.StopAsync();
        _output.WriteLine($"[{Now}] {silo.Name} stopped with exit code {code}");
        Assert.True(code == 0, $"{silo.Name} exited with code {code}. Its output:{Environment.NewLine}{silo.Output}");
    }

    /// <summary>Runs a musicrecs cluster command against this cluster and requires exit code 0.</summary>
    public async Task<ProcessResult> ClientAsync(params string[] args)
    {
        var result = await ToolAsync([.. args, .. ClientClusterArgs]);
        Assert.True(result.ExitCode == 0, $"{result.Command}: {result.Describe()}{SiloTails()}");
        return result;
    }

    /// <summary>Runs musicrecs with exactly these arguments (e.g. generate), whatever its exit code.</summary>
    public async Task<ProcessResult> ToolAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.ClientDll, .. args], ClientTimeout);
        _output.WriteLine($"[{Now}] musicrecs {args.FirstOrDefault()}: exit code {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>The silos the cluster's membership counts as active, asked of the management grain through an Orleans client.</summary>
    public async Task<int> ActiveSiloCountAsync()
    {
        using var host = AzureClusterClient.Build(Id, ConnectionString);
        await host.StartAsync();
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            return hosts.Count;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            try
            {
                await silo.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                _output.WriteLine($"stopping {silo.Name}: {e.Message}");
            }

            _output.WriteLine($"----- {silo.Name} output (last lines) -----");
            _output.WriteLine(Tail(silo.Output, 40));
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

    private static string Now => DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private string SiloTails() =>
        string.Concat(_silos.Select(s => $"{Environment.NewLine}----- {s.Name} (pid {s.ProcessId}{(s.HasExited ? ", exited" : "")}) -----{Environment.NewLine}{Tail(s.Output, 25)}"));

    private static string Tail(string text, int lines) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines).Select(l => l.TrimEnd('\r')));
}
