using System.Text.Json;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>
/// A file sent again, whole or after an interrupted run (--limit), applies each row once: the plays carry
/// the file's digest as producer and their line as sequence, and the user grains drop what they applied.
/// </summary>
public sealed class ResendTests(ResendFixture cluster) : IClassFixture<ResendFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Importing_the_same_file_twice_leaves_the_counts_of_one_import()
    {
        var (path, expected) = cluster.WriteFile("import-twice");
        var rows = expected.Count * 9;

        var first = Import(path);
        var second = Import(path);

        Assert.Equal((rows, 0L), (Long(first, "applied"), Long(first, "duplicates")));
        Assert.Equal((0L, rows), (Long(second, "applied"), Long(second, "duplicates")));
        Assert.Equal(first.GetProperty("producer").GetString(), second.GetProperty("producer").GetString());
        Assert.StartsWith("import-", first.GetProperty("producer").GetString());
        Assert.Equal(expected, await cluster.HeldAsync(expected.Keys));
    }

    [Fact]
    public async Task Importing_after_an_interrupted_import_gives_exactly_the_files_counts()
    {
        var (path, expected) = cluster.WriteFile("import-resume");
        var rows = expected.Count * 9;

        var part = Import(path, "--limit", "40");
        var whole = Import(path);

        Assert.Equal(40, Long(part, "rows"));
        Assert.Equal((rows - 40L, 40L), (Long(whole, "applied"), Long(whole, "duplicates")));
        Assert.Equal(expected, await cluster.HeldAsync(expected.Keys));
    }

    [Fact]
    public async Task A_prefix_of_the_file_and_then_the_file_under_one_producer_count_each_row_once()
    {
        var (path, expected) = cluster.WriteFile("import-prefix");
        var prefix = Path.Combine(cluster.Folder, "import-prefix-head.tsv");
        File.WriteAllLines(prefix, File.ReadLines(path).Take(31));

        var part = Import(prefix, "--producer", "resend-test");
        var whole = Import(path, "--producer", "resend-test");

        Assert.Equal(30, Long(part, "applied"));
        Assert.Equal((expected.Count * 9 - 30L, 30L), (Long(whole, "applied"), Long(whole, "duplicates")));
        Assert.Equal(expected, await cluster.HeldAsync(expected.Keys));
    }

    [Fact]
    public async Task Replaying_after_an_interrupted_replay_and_then_again_gives_exactly_the_files_counts()
    {
        var (path, expected) = cluster.WriteFile("replay-resume");
        var rows = expected.Count * 9;
        var stats = cluster.Connection.Client.GetGrain<IIngestStatsGrain>("default");
        var before = await QuietTotalsAsync(stats);

        var part = Replay(path, "--limit", "50", "--batch", "4");
        var whole = Replay(path, "--batch", "4");
        var again = Replay(path, "--batch", "7");

        Assert.Equal(50, Long(part, "plays"));
        Assert.Equal(part.GetProperty("producer").GetString(), again.GetProperty("producer").GetString());
        Assert.StartsWith("replay-", whole.GetProperty("producer").GetString());

        // Every event sent has been handled once the silo reports all of them as applied or duplicate.
        var totals = await Eventually.WaitAsync(
            stats.GetTotals,
            t => t.Plays - before.Plays + t.Duplicates - before.Duplicates >= 50 + (2L * rows),
            Timeout,
            "the silo to report every replayed play as applied or duplicate");
        Assert.Equal(rows, totals.Plays - before.Plays);
        Assert.Equal(50 + rows, totals.Duplicates - before.Duplicates);
        Assert.Equal(before.TooOld, totals.TooOld);
        Assert.Equal(expected, await cluster.HeldAsync(expected.Keys));
    }

    /// <summary>
    /// Totals once the silo has reported everything earlier tests did: it reports once a second, so two
    /// reads more than a report period apart that agree mean nothing is still on its way.
    /// </summary>
    private static async Task<IngestTotals> QuietTotalsAsync(IIngestStatsGrain stats)
    {
        var previous = await stats.GetTotals();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            var current = await stats.GetTotals();
            if (current == previous)
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the silo's ingest totals were still changing after {Timeout}");
            previous = current;
        }
    }

    private JsonElement Import(string path, params string[] options) =>
        Succeed(Tool.Run(["import", path, "--gateway", cluster.Gateway, "--json", .. options]));

    private JsonElement Replay(string path, params string[] options) =>
        Succeed(Tool.Run(["replay", path, "--gateway", cluster.Gateway, "--json", .. options]));

    private JsonElement Succeed(Processes.ProcessResult run)
    {
        Assert.True(run.ExitCode == 0, $"{run}{Environment.NewLine}silo: {cluster.SiloOutput}");
        return run.LastJson();
    }

    private static long Long(JsonElement json, string key) => json.GetProperty(key).GetInt64();
}
