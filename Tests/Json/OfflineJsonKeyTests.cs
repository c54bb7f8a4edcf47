using MusicRecs.Tests.Cli;
using MusicRecs.Tests.ClusterCli;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.Json;

/// <summary>The --json keys of the commands that need no cluster, exactly.</summary>
public sealed class OfflineJsonKeyTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void Generate() =>
        AssertKeys(ExpectedKeys.Generate, "generate", "--users", "50", "--artists", "40", "--out", Path.Combine(fixture.Folder, "keys.tsv"), "--json");

    [Fact]
    public void Evaluate() =>
        AssertKeys(ExpectedKeys.Evaluate, "evaluate", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--json");

    [Fact]
    public void Evaluate_live() =>
        AssertKeys(ExpectedKeys.EvaluateLive, "evaluate", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--live", "--json");

    [Fact]
    public void Tune() =>
        AssertKeys(ExpectedKeys.Tune, "tune", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--json");

    [Fact]
    public void Evaluate_live_new_users() =>
        AssertKeys(ExpectedKeys.EvaluateLiveNewUsers, "evaluate", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--live", "--new-users", "0.1", "--json");

    [Fact]
    public void Evaluate_seeds() =>
        AssertKeys(ExpectedKeys.EvaluateSeeds, "evaluate", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--seeds", "2", "--json");

    [Fact]
    public void Split() =>
        AssertKeys(ExpectedKeys.Split, "split", "--data", fixture.DataFile, "--by", "hash", "--out", Path.Combine(fixture.Folder, "split-keys"), "--json");

    [Fact]
    public void Grid() =>
        AssertKeys(ExpectedKeys.Grid, "grid", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--alphas", "1,4", "--regs", "1,10", "--json");

    [Fact]
    public void Demo() => AssertKeys(ExpectedKeys.Demo, "demo", "--iterations", "2", "--json");

    [Fact]
    public void Bench_train() =>
        AssertKeys(ExpectedKeys.BenchTrain, "bench", "train", "--data", fixture.DataFile, "--iterations", "2", "--factors", "8", "--json");

    internal static ProcessResult AssertKeys(string[] expected, params string[] args)
    {
        var run = Tool.Run(TimeSpan.FromMinutes(4), args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, JsonKeys.Of(run.LastJson()));
        return run;
    }
}
