using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;

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
        var producer = new Option<string?>("--producer") { Description = "Producer id to number the plays under (default: a digest of the file's content). The same file under the same producer applies each row once, however often it is imported." };
        var limit = new Option<long?>("--limit") { Description = "Send only the first N rows of the file (the rest can follow by importing the whole file again)." };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("import", "Import a play-count file into the cluster: users and artists into the catalogs, plays into user grains, listeners into artist grains.");
        command.Arguments.Add(file);
        data.AddTo(command, withData: false);
        command.Options.Add(producer);
        command.Options.Add(limit);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var settings = cluster.Resolve(parse);
            var path = parse.GetValue(file)!;
            var rows = FileProducer.CheckLimit(parse.GetValue(limit));
            var name = parse.GetValue(producer) is { } given ? FileProducer.Check(given) : null;
            var dataset = data.LoadFile(path, parse, report);
            var id = FileProducer.For("import", path, name);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            report.Line($"importing into the cluster at {settings.Describe()} (producer {id}, plays numbered by line{(rows is { } n ? $", first {n:N0} rows" : "")})");
            var summary = await Importer.RunFileAsync(connection, dataset, path, data.LoadOptions(parse), id, rows, ct);
            report.Line(summary.Describe());
            report.WriteJson(summary);
            return 0;
        }, cancellationToken));
        return command;
    }
}
