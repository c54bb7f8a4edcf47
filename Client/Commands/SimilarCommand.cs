using System.CommandLine;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>The artists closest to one artist by the cosine of their factors in the published model.</summary>
internal static class SimilarCommand
{
    public static Command Create()
    {
        var artist = new Argument<string>("ARTIST") { Description = "External artist id." };
        var count = new Option<int>("--count") { Description = "How many artists.", DefaultValueFactory = _ => 10 };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("similar", "Artists similar to an artist (cosine of their factors in the published model).");
        command.Arguments.Add(artist);
        command.Options.Add(count);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var n = Answers.CheckCount(parse.GetValue(count));
            var id = parse.GetValue(artist)!;
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            var index = await Catalogs.ResolveAsync(connection.Artists, "artist", id);
            var entries = await Catalogs.EntriesAsync(connection.Artists, [index]);
            var name = Catalogs.DisplayName(entries.GetValueOrDefault(index), index);
            var info = await connection.Artist(id).GetInfo();
            var answer = await connection.Artist(id).Similar(n);
            var source = answer.Artists.IsEmpty ? "none" : "model";
            if (answer.ModelVersion == 0)
            {
                report.Line($"no similar artists for {Answers.Label(id, name)}: no model has been published yet ('musicrecs train' publishes one)");
            }
            else if (answer.Artists.IsEmpty)
            {
                report.Line($"no similar artists for {Answers.Label(id, name)}: it has no factor in model version {answer.ModelVersion} (train again to include it)");
            }
            else
            {
                report.Line($"artists similar to {Answers.Label(id, name)} ({info.Listeners:N0} listeners; model version {answer.ModelVersion}, source {source}):");
                Answers.PrintArtists(report, answer.Artists);
            }

            report.WriteJson(new Dictionary<string, object?>
            {
                ["artist"] = answer.Artist,
                ["name"] = name,
                ["listeners"] = info.Listeners,
                ["total_plays"] = info.TotalPlays,
                ["model_version"] = answer.ModelVersion,
                ["source"] = source,
                ["artists"] = Answers.ArtistsJson(answer.Artists),
            });
            return 0;
        }, cancellationToken));
        return command;
    }
}
