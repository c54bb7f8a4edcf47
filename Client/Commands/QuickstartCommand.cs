using System.CommandLine;
using System.Diagnostics;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// The whole platform on one machine: starts a silo with the embedded defaults, imports a dataset (the
/// embedded synthetic one by default), trains across the cluster, shows a few users' top artists beside
/// their recommendations, and stops the silo (or leaves it running for further commands).
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var gateway = new Option<int?>("--gateway") { Description = "Gateway port of the silo (default: a free port)." };
        var siloPort = new Option<int?>("--silo-port") { Description = "Silo-to-silo port (default: a free port)." };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the silo running at the end and print how to connect to it." };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var users = new Option<int>("--show-users") { Description = "How many users to show.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("quickstart", "Start a local silo, import a dataset (embedded synthetic by default), train across the cluster, and show sample users' top artists and recommendations.");
        data.AddTo(command);
        model.AddTo(command);
        foreach (var o in new Option[] { gateway, siloPort, keepRunning, siloLog, users, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = TrainCommand.Resolve(parse, model, null, report);
            var show = parse.GetValue(users);
            if (show is < 0 or > 100)
            {
                throw new ArgumentException($"--show-users {show} is out of range: it must be between 0 and 100.");
            }

            var (gatewayPort, port) = Ports(parse.GetValue(gateway), parse.GetValue(siloPort));
            var dataset = data.Load(parse, report);
            var logPath = parse.GetValue(siloLog) ?? Path.Combine(Path.GetTempPath(), $"musicrecs-silo-{gatewayPort}.log");

            var clock = Stopwatch.StartNew();
            var web = Http.QuickstartWeb.Prepare();
            using var silo = LocalSilo.Start(gatewayPort, port, logPath, settings: web.Settings);
            report.Line($"silo: starting (pid {silo.ProcessId}, gateway port {gatewayPort}, silo port {port}, memory storage; log {logPath})");
            var connection = await silo.ConnectAsync(ct);

            Dictionary<string, object?> result;
            int code;
            await using (connection)
            {
                report.Line($"silo: ready in {clock.Elapsed.TotalSeconds:F1}s");
                (var imported, var final, code) = await TrainCommand.ImportAndTrainAsync(connection, dataset, options, report, ct);
                var samples = code == 0 ? await ShowUsersAsync(connection, dataset, show, report) : [];
                result = new Dictionary<string, object?>
                {
                    ["gateway_port"] = gatewayPort,
                    ["silo_port"] = port,
                    ["silo_log"] = logPath,
                    ["import"] = imported.ToJson(),
                    ["training"] = TrainingFollower.ToJson(final),
                    ["samples"] = samples,
                };
            }

            var keep = code == 0 && parse.GetValue(keepRunning);
            await web.ReportAsync(report, result, keep, ct);
            if (keep)
            {
                silo.Detach();
                var tool = $"dotnet {Path.Combine(AppContext.BaseDirectory, "musicrecs.dll")}";
                var user = FirstActiveUser(dataset) ?? "USER";
                report.Line();
                report.Line($"the silo keeps running (pid {silo.ProcessId}, gateway port {gatewayPort}, log {logPath}); for example:");
                report.Line($"  {tool} recommend {user} --gateway {gatewayPort}");
                report.Line($"  {tool} history {user} --gateway {gatewayPort}");
                report.Line($"  {tool} status --gateway {gatewayPort}");
                report.Line($"stop it with: kill {silo.ProcessId}");
                result["silo_pid"] = silo.ProcessId;
            }
            else
            {
                silo.Stop();
                report.Line("silo: stopped");
                if (code == 0 && parse.GetValue(siloLog) is null)
                {
                    // A default log of a run that went well is not worth keeping in the temp folder.
                    LocalSilo.DeleteLog(logPath);
                }
            }

            result["kept_running"] = keep;
            report.WriteJson(result);
            return code;
        }, cancellationToken));
        return command;
    }

    private static (int Gateway, int Silo) Ports(int? gateway, int? silo)
    {
        foreach (var (name, value) in new[] { ("--gateway", gateway), ("--silo-port", silo) })
        {
            if (value is { } p && p is < 1 or > 65535)
            {
                throw new ArgumentException($"{name} {p} is not a port: it must be between 1 and 65535.");
            }
        }

        if (gateway is not null && gateway == silo)
        {
            throw new ArgumentException($"--gateway and --silo-port must differ (both {gateway}).");
        }

        var free = FreePorts.Pick(2);
        var g = gateway ?? (free[0] == silo ? free[1] : free[0]);
        var s = silo ?? (free[1] == g ? free[0] : free[1]);
        return (g, s);
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
    private static async Task<List<object>> ShowUsersAsync(ClusterConnection connection, Dataset data, int count, Reporter report)
    {
        var samples = new List<object>();
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
            var top = await HistoryCommand.NamedAsync(connection, history, 5);
            var answer = await connection.User(id).Recommend(10);
            report.Line();
            report.Line($"user {id} ({history.Plays.Length} artists played)");
            report.Line("  top artists: " + string.Join(", ", top.Select(p => $"{p.Name} ({p.Count:N0})")));
            report.Line("  recommended: " + string.Join(", ", answer.Artists.Select(a => a.Name))
                + $" (model version {answer.ModelVersion}, source {Answers.SourceName(answer.Source)})");
            samples.Add(new Dictionary<string, object?>
            {
                ["user"] = id,
                ["top_artists"] = top.Select(p => new Dictionary<string, object?> { ["artist"] = p.Artist, ["name"] = p.Name, ["plays"] = p.Count }).ToArray(),
                ["model_version"] = answer.ModelVersion,
                ["source"] = Answers.SourceName(answer.Source),
                ["artists"] = Answers.ArtistsJson(answer.Artists),
            });
        }

        if (shown > 0)
        {
            report.Line();
        }

        return samples;
    }
}
