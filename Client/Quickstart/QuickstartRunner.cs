using System.Diagnostics;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Http;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Results;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Quickstart;

/// <summary>
/// The whole platform on one machine: starts a silo with the embedded defaults, imports a dataset, trains across
/// the cluster, shows a few users' top artists beside their recommendations, and stops the silo (or leaves it
/// running for further commands).
/// </summary>
internal static class QuickstartRunner
{
    public static async Task<int> RunAsync(Dataset dataset, TrainingOptions options, QuickstartSettings settings, Reporter report, CancellationToken ct)
    {
        var logPath = settings.SiloLog ?? Path.Combine(Path.GetTempPath(), $"musicrecs-silo-{settings.GatewayPort}.log");

        var clock = Stopwatch.StartNew();
        var web = QuickstartWeb.Prepare();
        using var silo = LocalSilo.Start(settings.GatewayPort, settings.SiloPort, logPath, settings: web.Settings, temporaryLog: settings.SiloLog is null);
        report.Line($"silo: starting (pid {silo.ProcessId}, gateway port {settings.GatewayPort}, silo port {settings.SiloPort}, memory storage; log {logPath})");
        var connection = await silo.ConnectAsync(ct);

        QuickstartResult result;
        int code;
        await using (connection)
        {
            report.Line($"silo: ready in {clock.Elapsed.TotalSeconds:F1}s");
            (var imported, var final, code) = await ClusterTraining.ImportAndTrainAsync(connection, dataset, options, report, ct);
            var samples = code == 0 ? await ShowUsersAsync(connection, dataset, settings.ShowUsers, report) : [];
            result = new QuickstartResult(settings.GatewayPort, settings.SiloPort, logPath, imported, TrainingResult.Of(final), [.. samples], KeptRunning: false);
        }

        var keep = code == 0 && settings.KeepRunning;
        if (code == 0)
        {
            result = await web.ReportAsync(report, result, keep, ct);
        }

        if (keep)
        {
            silo.Detach();
            var tool = $"dotnet {Path.Combine(AppContext.BaseDirectory, "musicrecs.dll")}";
            var user = FirstActiveUser(dataset) ?? "USER";
            report.Line();
            report.Line($"the silo keeps running (pid {silo.ProcessId}, gateway port {settings.GatewayPort}, log {logPath}); for example:");
            report.Line($"  {tool} recommend {user} --gateway {settings.GatewayPort}");
            report.Line($"  {tool} history {user} --gateway {settings.GatewayPort}");
            report.Line($"  {tool} status --gateway {settings.GatewayPort}");
            report.Line($"stop it with: kill {silo.ProcessId}");
            result = result with { SiloPid = silo.ProcessId };
        }
        else
        {
            silo.Stop();
            report.Line("silo: stopped");
        }

        report.WriteJson(result with { KeptRunning = keep });
        return code;
    }

    private static string? FirstActiveUser(Dataset data)
    {
        for (var u = 0; u < data.Users.Count; u++)
        {
            if (data.Plays.RowLength(u) >= 5)
            {
                return data.Users[u];
            }
        }

        return data.Users.Count > 0 ? data.Users[0] : null;
    }

    /// <summary>A few users spread over the dataset: their most played artists beside the cluster's recommendations.</summary>
    private static async Task<List<QuickstartSample>> ShowUsersAsync(ClusterConnection connection, Dataset data, int count, Reporter report)
    {
        var samples = new List<QuickstartSample>();
        var shown = 0;
        for (var u = 0; u < data.Users.Count && shown < count; u += Math.Max(1, data.Users.Count / Math.Max(1, count)))
        {
            if (data.Plays.RowLength(u) < 5)
            {
                continue;
            }

            shown++;
            var id = data.Users[u];
            var history = await connection.User(id).GetHistory();
            var top = await Catalogs.NamedPlaysAsync(connection, history, 5);
            var answer = await connection.User(id).RecommendWith(new RecommendRequest { Count = 10 });
            report.Line();
            report.Line($"user {id} ({history.Plays.Length} artists played)");
            report.Line("  top artists: " + string.Join(", ", top.Select(p => $"{p.Name} ({p.Count:N0})")));
            report.Line("  recommended: " + string.Join(", ", answer.Artists.Select(a => a.Name))
                + $" (model version {answer.ModelVersion}, source {Answers.SourceName(answer.Source)})");
            samples.Add(new QuickstartSample(id, [.. top.Select(p => new TopArtistResult(p.Artist, p.Name, p.Count))], answer.ModelVersion, Answers.SourceName(answer.Source), ScoredArtistResult.Of(answer.Artists)));
        }

        if (shown > 0)
        {
            report.Line();
        }

        return samples;
    }
}
