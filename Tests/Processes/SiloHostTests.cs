using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Processes;

/// <summary>The silo host itself: configuration errors, the default memory setup, localhost multi-silo clustering.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class SiloHostTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("MusicRecs:Storage:Mode", "--MusicRecs:Storage:Mode=Disk")]
    [InlineData("MusicRecs:Clustering:Mode", "--MusicRecs:Clustering:Mode=Consul")]
    [InlineData("MusicRecs:Storage:ConnectionString", "--MusicRecs:Storage:Mode=Azure")]
    [InlineData("MusicRecs:Storage:ConnectionString", "--MusicRecs:Storage:Mode=Azure", "--MusicRecs:Storage:ConnectionString=not a connection string")]
    [InlineData("MusicRecs:Clustering:ConnectionString", "--MusicRecs:Clustering:Mode=AzureTable")]
    [InlineData("MusicRecs:Clustering:SiloPort", "--MusicRecs:Clustering:SiloPort=70000")]
    [InlineData("MusicRecs:Clustering:GatewayPort", "--MusicRecs:Clustering:GatewayPort=many")]
    [InlineData("SiloPrt", "--MusicRecs:Clustering:SiloPrt=1")]
    public async Task Bad_configuration_exits_with_code_2_naming_the_setting(string named, params string[] settings)
    {
        var run = await ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.SiloDll, .. settings], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("musicrecs", "musicrecs-users")]
    [InlineData("My_Service.v2", "my-service-v2-users")]
    [InlineData("--", "musicrecs-users")]
    [InlineData("a-very-long-service-id-that-goes-on-and-on-past-what-a-container-name-allows", "a-very-long-service-id-that-goes-on-and-on-past-what-users")]
    public void Blob_containers_are_valid_names_derived_from_the_service_id(string serviceId, string expected)
    {
        var name = MusicRecs.Silo.SiloSetup.BlobContainerName(serviceId, "users");
        Assert.Equal(expected, name);
        foreach (var provider in MusicRecs.Grains.Hosting.StorageNames.Large)
        {
            var container = MusicRecs.Silo.SiloSetup.BlobContainerName(serviceId, provider);
            Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", container);
        }
    }

    [Fact]
    public async Task The_default_memory_silo_starts_says_how_it_runs_and_stops_cleanly_on_sigterm()
    {
        var ports = FreePorts.Take(2);
        await using var silo = SiloProcess.Start("memory", ports[0], ports[1], Localhost(ports[0], ports[1], ports[0], "memory"));
        await silo.WaitStartedAsync(ProcessCluster.SiloStartTimeout);
        output.WriteLine($"memory silo started in {silo.StartTime.TotalSeconds:F1} s");

        var started = silo.Output.Split('\n').Single(l => l.Contains(SiloProcess.StartedMarker, StringComparison.Ordinal));
        Assert.Contains("clustering Localhost", started, StringComparison.Ordinal);
        Assert.Contains("storage Memory", started, StringComparison.Ordinal);
        Assert.Contains($"silo port {ports[0]}", started, StringComparison.Ordinal);
        Assert.Contains($"gateway port {ports[1]}", started, StringComparison.Ordinal);

        Assert.Equal(0, await silo.StopAsync());
        Assert.Contains("MusicRecs silo stopped", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_localhost_silos_join_through_the_primary_silo_port()
    {
        var ports = FreePorts.Take(4);
        var id = $"t{Guid.NewGuid():N}"[..13];
        await using var primary = SiloProcess.Start("primary", ports[0], ports[1], Localhost(ports[0], ports[1], ports[0], id));
        await primary.WaitStartedAsync(ProcessCluster.SiloStartTimeout);
        await using var secondary = SiloProcess.Start("secondary", ports[2], ports[3], Localhost(ports[2], ports[3], ports[0], id));
        await secondary.WaitStartedAsync(ProcessCluster.SiloStartTimeout);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseLocalhostClustering(ports[1], id, id));
        using var host = builder.Build();
        await host.StartAsync();
        var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var active = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((active = (await management.GetHosts(onlyActive: true)).Count) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        await host.StopAsync();
        Assert.True(active == 2, $"{active} active silos.{Environment.NewLine}primary:{Environment.NewLine}{primary.Output}{Environment.NewLine}secondary:{Environment.NewLine}{secondary.Output}");
    }

    private static string[] Localhost(int siloPort, int gatewayPort, int primaryPort, string id) =>
    [
        "--MusicRecs:Clustering:Mode=Localhost",
        $"--MusicRecs:Clustering:SiloPort={siloPort.ToString(CultureInfo.InvariantCulture)}",
        $"--MusicRecs:Clustering:GatewayPort={gatewayPort.ToString(CultureInfo.InvariantCulture)}",
        $"--MusicRecs:Clustering:PrimarySiloPort={primaryPort.ToString(CultureInfo.InvariantCulture)}",
        $"--MusicRecs:Clustering:ClusterId={id}",
        $"--MusicRecs:Clustering:ServiceId={id}",
        "--MusicRecs:Storage:Mode=Memory",
    ];
}
