using Xunit.Abstractions;

namespace MusicRecs.Tests.Processes;

/// <summary>Durable state survives the silo: a new silo process on the same storage answers exactly as the old one did.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class SiloRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_restarted_silo_serves_the_same_histories_model_version_and_scores()
    {
        await using var cluster = new ProcessCluster(azurite, output);
        var first = await cluster.StartSiloAsync();

        var data = Path.Combine(cluster.Folder, "plays.tsv");
        (await cluster.ToolAsync("generate", "--users", "300", "--artists", "200", "--median-artists", "12", "--seed", "11", "--out", data)).EnsureSuccess();
        var users = Datasets.FirstUsers(data, 3);

        await cluster.ClientAsync("import", data);
        var trained = (await cluster.ClientAsync("train", "--iterations", "3", "--factors", "8", "--json")).LastJson();
        Assert.True(trained.GetProperty("published_version").GetInt32() > 0, trained.GetRawText());

        var before = await ClusterSnapshot.TakeAsync(cluster, users);
        output.WriteLine($"before the restart: {before}");
        Assert.True(before.ModelVersion > 0, $"recommendations before the restart came from no model: {string.Join(" | ", before.Recommendations.Values)}");
        Assert.All(before.Histories.Values, h => Assert.Contains("=", h, StringComparison.Ordinal));

        await cluster.StopSiloAsync(first);
        await cluster.StartSiloAsync();

        var after = await ClusterSnapshot.TakeAsync(cluster, users);
        output.WriteLine($"after the restart: {after}");
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.ModelVersion, after.ModelVersion);
        foreach (var user in users)
        {
            Assert.Equal(before.Histories[user], after.Histories[user]);
            Assert.Equal(before.Recommendations[user], after.Recommendations[user]);
        }
    }
}
