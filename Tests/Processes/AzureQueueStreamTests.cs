using System.Diagnostics;
using Xunit.Abstractions;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Processes;

/// <summary>The play stream on Azure Queue streams: a silo with MusicRecs:Streams:Mode=AzureQueue and a client publishing with --streams azure.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class AzureQueueStreamTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan PlayDeadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("MusicRecs:Streams:Mode", "--MusicRecs:Streams:Mode=Kafka")]
    [InlineData("MusicRecs:Streams:ConnectionString", "--MusicRecs:Streams:Mode=AzureQueue")]
    [InlineData("MusicRecs:Streams:ConnectionString", "--MusicRecs:Streams:Mode=AzureQueue", "--MusicRecs:Streams:ConnectionString=not a connection string")]
    public async Task Bad_stream_settings_exit_with_code_2_naming_the_setting(string named, params string[] settings)
    {
        var run = await ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.SiloDll, .. settings], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("musicrecs", "musicrecs-plays-0")]
    [InlineData("My_Service.v2", "my-service-v2-plays-0")]
    [InlineData("a-very-long-service-id-that-goes-on-and-on-past-what-a-queue-name-allows", "a-very-long-service-id-that-goes-on-and-on-past-what-a-plays-0")]
    public void Play_queues_are_valid_names_derived_from_the_service_id(string serviceId, string first)
    {
        var names = MusicRecs.GrainInterfaces.PlayStreams.QueueNames(serviceId);
        Assert.Equal(MusicRecs.GrainInterfaces.PlayStreams.QueueCount, names.Count);
        Assert.Equal(first, names[0]);
        Assert.All(names, n => Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", n));
    }

    [Fact]
    public async Task A_play_published_through_azure_queues_reaches_the_users_history()
    {
        await using var cluster = new ProcessCluster(azurite, output);
        var ports = FreePorts.Take(2);
        string[] configuration =
        [
            "--MusicRecs:Clustering:Mode=AzureTable",
            $"--MusicRecs:Clustering:ConnectionString={cluster.ConnectionString}",
            $"--MusicRecs:Clustering:ClusterId={cluster.Id}",
            $"--MusicRecs:Clustering:ServiceId={cluster.Id}",
            $"--MusicRecs:Clustering:SiloPort={ports[0]}",
            $"--MusicRecs:Clustering:GatewayPort={ports[1]}",
            "--MusicRecs:Storage:Mode=Azure",
            $"--MusicRecs:Storage:ConnectionString={cluster.ConnectionString}",
            "--MusicRecs:Streams:Mode=AzureQueue",
        ];
        await using var silo = SiloProcess.Start("azure-queue", ports[0], ports[1], configuration);
        try
        {
            await silo.WaitStartedAsync(ProcessCluster.SiloStartTimeout);
            var started = silo.Output.Split('\n').Single(l => l.Contains(SiloProcess.StartedMarker, StringComparison.Ordinal));
            Assert.Contains("streams AzureQueue", started, StringComparison.Ordinal);
            Assert.Contains("in the storage account", started, StringComparison.Ordinal);

            var data = Path.Combine(cluster.Folder, "plays.tsv");
            (await cluster.ToolAsync("generate", "--users", "60", "--artists", "40", "--median-artists", "6", "--seed", "5", "--out", data)).EnsureSuccess();
            var user = Datasets.FirstUsers(data, 1)[0];
            await cluster.ClientAsync("import", data);
            await cluster.ClientAsync("train", "--iterations", "2", "--factors", "4");

            const string artist = "azure-queue-artist";
            var clock = Stopwatch.StartNew();
            await cluster.ClientAsync("play", user, artist, "--count", "3", "--streams", "azure");
            var seen = false;
            ProcessResult history;
            do
            {
                history = await cluster.ClientAsync("history", user);
                seen = history.Stdout.Contains(artist, StringComparison.Ordinal);
                if (!seen)
                {
                    await Task.Delay(250);
                }
            }
            while (!seen && clock.Elapsed < PlayDeadline);

            output.WriteLine($"play to history through Azure queues (with two tool runs): {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(seen, $"history of {user} has no {artist} {PlayDeadline.TotalSeconds:F0} s after the play:{Environment.NewLine}{history.Stdout}");
        }
        finally
        {
            output.WriteLine(silo.Output.Split('\n').TakeLast(30).Aggregate(string.Empty, (a, l) => a + l + Environment.NewLine));
        }
    }
}
