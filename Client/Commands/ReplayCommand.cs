using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Replays a play-count file through the play streams: rows grouped per user into events of up to
/// --batch plays, published as fast as the cluster takes them or at --rate plays per second, each play
/// numbered by its line under a producer named after the file (or --producer). A user's
/// events are published one after another (its sequence numbers arrive in order); different users' in parallel.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Play-count file (HetRec user_artists.dat, Last.fm 360K TSV, or CSV/TSV user,artist,count[,timestamp])." };
        var data = new DataOptionSet();
        var rate = new Option<double?>("--rate") { Description = "Plays per second to publish (default: as fast as possible)." };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var producer = new Option<string?>("--producer") { Description = "Producer id to number the plays under (default: a digest of the file's content). The same file under the same producer applies each row once, however often it is sent." };
        var limit = new Option<long?>("--limit") { Description = "Send only the first N rows of the file (the rest can follow by sending the whole file again)." };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("replay", "Replay a play-count file through the play streams, as live plays, with progress and rates.");
        command.Arguments.Add(file);
        data.AddTo(command, withData: false);
        command.Options.Add(rate);
        command.Options.Add(batch);
        command.Options.Add(producer);
        command.Options.Add(limit);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var path = parse.GetValue(file)!;
            var perSecond = parse.GetValue(rate);
            if (perSecond is { } r && (!double.IsFinite(r) || r <= 0))
            {
                throw new ArgumentException($"--rate {r} is not a rate: it must be a positive number of plays per second.");
            }

            var size = parse.GetValue(batch);
            PlayProducer.CheckBatch(size);
            var rows = FileProducer.CheckLimit(parse.GetValue(limit));
            var name = parse.GetValue(producer) is { } given ? FileProducer.Check(given) : null;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Data file not found: {path}", path);
            }

            var options = data.LoadOptions(parse);
            ReplayRunner.CheckFile(path, options, report);
            var id = FileProducer.For("replay", path, name);
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            report.Line($"replaying into the play streams of the cluster at {settings.Describe()} ({(perSecond is { } p ? $"{p:N0} plays/s" : "as fast as possible")}, up to {size:N0} plays per event)");

            report.WriteJson(await ReplayRunner.RunAsync(connection, path, options, size, perSecond, id, rows, report, ct));
            return 0;
        }, cancellationToken));
        return command;
    }
}
