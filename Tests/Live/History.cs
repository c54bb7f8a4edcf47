using System.Diagnostics;
using System.Text.Json;
using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Live;

/// <summary>Reads a user's history through the tool, polling while plays are still being delivered by the stream.</summary>
internal static class History
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(10);

    /// <summary>Plays per artist id (empty for a user the cluster does not know).</summary>
    public static Dictionary<string, double> Read(string gateway, string user)
    {
        var result = Tool.Run("history", user, "--gateway", gateway, "--json");
        if (result.ExitCode == 2 && result.Stderr.Contains("unknown user", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        Assert.True(result.ExitCode == 0, result.ToString());
        return result.LastJson().GetProperty("artists").EnumerateArray()
            .ToDictionary(a => a.GetProperty("artist").GetString()!, a => a.GetProperty("plays").GetDouble());
    }

    /// <summary>Polls until <paramref name="done"/> holds for the user's plays or <see cref="Delivery"/> has passed; returns the last read.</summary>
    public static async Task<Dictionary<string, double>> WaitForAsync(string gateway, string user, Func<Dictionary<string, double>, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var plays = Read(gateway, user);
            if (done(plays) || clock.Elapsed > Delivery)
            {
                return plays;
            }

            await Task.Delay(250);
        }
    }

    public static string Describe(Dictionary<string, double> plays) => JsonSerializer.Serialize(plays);
}
