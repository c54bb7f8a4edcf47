using Xunit.Abstractions;

namespace MusicRecs.Tests.Processes;

/// <summary>Two silo processes and the client form one cluster through Azure Table membership on Azurite.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class TwoSiloTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_silos_and_a_client_serve_one_cluster()
    {
        await using var cluster = new ProcessCluster(azurite, output);
        await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();

        // Both members active, as the cluster's own membership sees it (the second may take a moment to be gossiped).
        Assert.Equal(2, await Eventually.WaitAsync(cluster.ActiveSiloCountAsync, n => n >= 2, TimeSpan.FromSeconds(20), "two active silos in the membership"));

        var data = Path.Combine(cluster.Folder, "plays.tsv");
        (await cluster.ToolAsync("generate", "--users", "300", "--artists", "200", "--median-artists", "12", "--seed", "12", "--out", data)).EnsureSuccess();
        var user = Datasets.FirstUsers(data, 1).Single();

        var imported = (await cluster.ClientAsync("import", data, "--json")).LastJson();
        Assert.Equal(300, imported.GetProperty("users").GetInt32());

        var trained = (await cluster.ClientAsync("train", "--iterations", "3", "--factors", "8", "--json")).LastJson();
        var version = trained.GetProperty("published_version").GetInt32();
        Assert.True(version > 0, trained.GetRawText());

        var answer = (await cluster.ClientAsync("recommend", user, "--json")).LastJson();
        Assert.Equal(version, answer.GetProperty("model_version").GetInt32());
        Assert.Equal("model", answer.GetProperty("source").GetString());
        Assert.NotEqual(0, answer.GetProperty("artists").GetArrayLength());
        Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"{s.Name} exited:{Environment.NewLine}{s.Output}"));
    }
}
