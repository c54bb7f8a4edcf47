using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Quickstart;

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

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report);
            var show = parse.GetValue(users);
            if (show is < 0 or > 100)
            {
                throw new ArgumentException($"--show-users {show} is out of range: it must be between 0 and 100.");
            }

            var (gatewayPort, port) = Ports(parse.GetValue(gateway), parse.GetValue(siloPort));
            var settings = new QuickstartSettings(gatewayPort, port, parse.GetValue(siloLog), parse.GetValue(keepRunning), show);
            return QuickstartRunner.RunAsync(data.Load(parse, report), options, settings, report, ct);
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

        var free = FreePorts.Take(2);
        var g = gateway ?? (free[0] == silo ? free[1] : free[0]);
        var s = silo ?? (free[1] == g ? free[0] : free[1]);
        return (g, s);
    }
}
