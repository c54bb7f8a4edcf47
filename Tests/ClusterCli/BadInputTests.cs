namespace MusicRecs.Tests.ClusterCli;

/// <summary>Bad input through the client against a running, empty cluster: exit code 2, a clear message, nothing stored.</summary>
public sealed class BadInputTests(EmptyClusterFixture cluster) : IClassFixture<EmptyClusterFixture>
{
    [Fact]
    public void An_unknown_user_is_named_and_refused()
    {
        foreach (var command in new[] { "recommend", "history" })
        {
            var run = Tool.Run(command, "nobody-like-this", "--gateway", cluster.Gateway);
            Assert.True(run.ExitCode == 2, $"{command}: {run}");
            Assert.Contains("unknown user 'nobody-like-this'", run.Stderr);
        }

        var explain = Tool.Run("explain", "nobody-like-this", "some-artist", "--gateway", cluster.Gateway);
        Assert.True(explain.ExitCode == 2, explain.ToString());
        Assert.Contains("unknown user 'nobody-like-this'", explain.Stderr);
    }

    [Fact]
    public void An_unknown_artist_is_named_and_refused()
    {
        var run = Tool.Run("similar", "No Such Band", "--gateway", cluster.Gateway, "--json");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("unknown artist 'No Such Band'", run.Stderr);
        Assert.DoesNotContain("{", run.Stdout);
    }

    [Fact]
    public void A_malformed_file_is_refused_with_file_and_line_and_nothing_is_stored()
    {
        var path = cluster.WriteFile("bad-plays.tsv", "user\tartist\tcount\nbad-file-user\tSome Band\t3\nbad-file-user\tOther Band\t-4\nanother-user\tSome Band\t5\n");
        var run = Tool.Run("import", path, "--gateway", cluster.Gateway, "--json");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("bad-plays.tsv:3", run.Stderr);
        Assert.Contains("not positive", run.Stderr);

        var status = Tool.Run("status", "--gateway", cluster.Gateway, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(0, status.LastJson().GetProperty("users").GetInt32());
        Assert.Equal(0, status.LastJson().GetProperty("artists").GetInt32());

        var history = Tool.Run("history", "bad-file-user", "--gateway", cluster.Gateway);
        Assert.True(history.ExitCode == 2, history.ToString());
        Assert.Contains("unknown user 'bad-file-user'", history.Stderr);
    }

    [Fact]
    public void Training_options_out_of_range_are_named_before_anything_starts()
    {
        var run = Tool.Run("train", "--factors", "0", "--gateway", cluster.Gateway);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Factors", run.Stderr);

        var status = Tool.Run("status", "--gateway", cluster.Gateway, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var training = status.LastJson().GetProperty("training");
        Assert.Equal("idle", training.GetProperty("phase").GetString());
        Assert.Equal(string.Empty, training.GetProperty("run_id").GetString());
        Assert.Equal(0, training.GetProperty("published_version").GetInt32());
    }

    [Fact]
    public void A_bad_count_is_refused_before_connecting()
    {
        var run = Tool.Run("recommend", "anyone", "--count", "0", "--gateway", cluster.Gateway);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--count", run.Stderr);
    }

    [Fact]
    public void No_reachable_silo_is_a_clear_error()
    {
        var port = FreePort();
        var run = Tool.Run("status", "--gateway", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connect-timeout", "2");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"no silo reachable at 127.0.0.1:{port}", run.Stderr);
        Assert.Contains("start one with", run.Stderr);
    }

    [Fact]
    public void A_missing_or_unreadable_tls_certificate_is_named_before_connecting()
    {
        var absent = Path.Combine(Path.GetTempPath(), $"musicrecs-absent-{Guid.NewGuid():N}.pfx");
        var run = Tool.Run("status", "--tls-certificate", absent, "--connect-timeout", "2");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"--tls-certificate '{absent}' does not exist", run.Stderr);

        var text = Path.Combine(Path.GetTempPath(), $"musicrecs-text-{Guid.NewGuid():N}.pfx");
        File.WriteAllText(text, "not a certificate");
        try
        {
            var unreadable = Tool.Run("status", "--tls-certificate", text, "--connect-timeout", "2");
            Assert.True(unreadable.ExitCode == 2, unreadable.ToString());
            Assert.Contains($"--tls-certificate '{text}' is not a readable PKCS#12 (PFX) certificate", unreadable.Stderr);
        }
        finally
        {
            File.Delete(text);
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
