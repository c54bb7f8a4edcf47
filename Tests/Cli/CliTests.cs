using System.Text.Json;

namespace MusicRecs.Tests.Cli;

public sealed class CliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly string[] MetricNames = ["precision@10", "recall@10", "map@10", "ndcg@10", "auc", "epr"];

    [Fact]
    public void Evaluate_prints_als_and_popularity_metrics_as_the_last_json_line()
    {
        // Lambda 50: the built-in 150 is chosen for Last.fm-sized data and flattens this 6,000-row set to
        // the popularity answer (docs/tuning.md).
        var run = Musicrecs.Run("evaluate", "--data", fixture.DataFile, "--iterations", "5", "--reg", "50", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.LastJson();
        foreach (var model in new[] { "als", "popularity" })
        {
            foreach (var metric in MetricNames)
            {
                var value = json.GetProperty(model).GetProperty(metric).GetDouble();
                Assert.InRange(value, 0.0, 1.0);
            }
        }

        // On genre-structured data the factor model must beat the popularity baseline.
        Assert.True(json.GetProperty("als").GetProperty("ndcg@10").GetDouble() > json.GetProperty("popularity").GetProperty("ndcg@10").GetDouble(), run.Stdout);
    }

    [Fact]
    public void Tune_writes_a_config_that_evaluate_reads_back()
    {
        var config = Path.Combine(fixture.Folder, "tuned.json");
        var tune = Musicrecs.Run("tune", "--data", fixture.DataFile, "--iterations", "4", "--factors", "16", "--out", config, "--json");
        Assert.True(tune.ExitCode == 0, tune.Stderr);
        var json = tune.LastJson();
        Assert.InRange(json.GetProperty("validation_ndcg@10").GetDouble(), 0.0, 1.0);
        var best = json.GetProperty("best");
        Assert.True(File.Exists(config));

        var evaluate = Musicrecs.Run("evaluate", "--data", fixture.DataFile, "--config", config, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        var used = evaluate.LastJson().GetProperty("options");
        Assert.Equal(best.GetProperty("alpha").GetDouble(), used.GetProperty("alpha").GetDouble());
        Assert.Equal(best.GetProperty("regularization").GetDouble(), used.GetProperty("regularization").GetDouble());
        Assert.Equal(best.GetProperty("scheme").GetString(), used.GetProperty("scheme").GetString());
        Assert.Equal(16, used.GetProperty("factors").GetInt32());
    }

    [Fact]
    public void Command_line_options_override_the_config()
    {
        var config = fixture.WriteFile("override.json", """{ "options": { "factors": 8, "alpha": 3.5, "scheme": "linear" } }""");
        var run = Musicrecs.Run("evaluate", "--data", fixture.DataFile, "--config", config, "--alpha", "1.5", "--iterations", "2", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var used = run.LastJson().GetProperty("options");
        Assert.Equal(8, used.GetProperty("factors").GetInt32());
        Assert.Equal(1.5, used.GetProperty("alpha").GetDouble());
        Assert.Equal("linear", used.GetProperty("scheme").GetString());
    }

    [Fact]
    public void Bench_train_reports_the_timing_fields()
    {
        var run = Musicrecs.Run("bench", "train", "--data", fixture.DataFile, "--iterations", "3", "--factors", "8", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.LastJson();
        Assert.True(json.GetProperty("per_iteration_ms_median").GetDouble() > 0);
        Assert.True(json.GetProperty("fit_seconds").GetDouble() > 0);
        Assert.True(json.GetProperty("final_loss").GetDouble() > 0);
        Assert.Equal(3, json.GetProperty("per_iteration_ms").GetArrayLength());
    }

    [Fact]
    public void A_bad_row_is_reported_with_file_and_line_and_a_non_zero_exit()
    {
        var file = fixture.WriteFile("bad.csv", "user,artist,count\nu1,a1,3\nu1,a2,-4\nu2,a1,2\nu3,a3,lots\n");
        var run = Musicrecs.Run("evaluate", "--data", file, "--iterations", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:3", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:5", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_bad_lines_counts_what_it_skipped()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"u{i % 12},a{i % 17},{1 + (i % 5)}"));
        var file = fixture.WriteFile("some-bad.csv", "user,artist,count\n" + rows + "\nu1,a2,NaN\nbroken line\n");
        var run = Musicrecs.Run("bench", "train", "--data", file, "--skip-bad-lines", "--iterations", "1", "--factors", "4", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("skipped 2 bad rows", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--factors", "0", "Factors")]
    [InlineData("--reg", "-1", "Regularization")]
    [InlineData("--cg-steps", "0", "CgSteps")]
    public void Options_out_of_range_are_rejected_by_name(string option, string value, string name)
    {
        var run = Musicrecs.Run("evaluate", "--data", fixture.DataFile, option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(name, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_a_config_with_an_unknown_field_are_clear_errors()
    {
        var missing = Musicrecs.Run("evaluate", "--data", Path.Combine(fixture.Folder, "nope.tsv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.tsv", missing.Stderr, StringComparison.Ordinal);

        var config = fixture.WriteFile("typo.json", """{ "options": { "factorz": 8 } }""");
        var typo = Musicrecs.Run("evaluate", "--data", fixture.DataFile, "--config", config);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("typo.json", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("factorz", typo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_runs_on_the_embedded_dataset_and_shows_named_recommendations()
    {
        var run = Musicrecs.Run("demo", "--iterations", "3", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var samples = run.LastJson().GetProperty("samples");
        Assert.True(samples.GetArrayLength() >= 1);
        var first = samples[0];
        Assert.Equal(10, first.GetProperty("recommended").GetArrayLength());
        var top = first.GetProperty("top_artists").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.All(first.GetProperty("recommended").EnumerateArray(), r => Assert.DoesNotContain(r.GetString(), top));
        Assert.Equal(JsonValueKind.String, first.GetProperty("recommended")[0].ValueKind);
    }
}
