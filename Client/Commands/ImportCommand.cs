using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Sends a play-count file to the cluster. The whole file is read and validated first, so a bad row
/// stops the import before anything is stored.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Play-count file (HetRec user_artists.dat, Last.fm 360K TSV, or CSV/TSV user,artist,count[,timestamp])." };
        var data = new DataOptionSet();
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("import", "Import a play-count file into the cluster: users and artists into the catalogs, plays into user grains, listeners into artist grains.");
        command.Arguments.Add(file);
        data.AddTo(command, withData: false);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var settings = cluster.Resolve(parse);
            var dataset = data.LoadFile(parse.GetValue(file)!, parse, report);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            report.Line($"importing into the cluster at {settings.Describe()}");
            var summary = await Importer.RunAsync(connection, dataset, ct);
            report.Line(summary.Describe());
            report.WriteJson(summary);
            return 0;
        }, cancellationToken));
        return command;
    }
}
