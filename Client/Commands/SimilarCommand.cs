using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;

namespace MusicRecs.Client.Commands;

/// <summary>The artists closest to one artist by the cosine of their factors in the published model.</summary>
internal static class SimilarCommand
{
    public static Command Create()
    {
        var artist = new Argument<string>("ARTIST") { Description = "External artist id." };
        var count = new Option<int>("--count") { Description = "How many artists.", DefaultValueFactory = _ => 10 };
        var command = ClusterCommand.Create("similar", "Artists similar to an artist (cosine of their factors in the published model).", [artist, count], async call =>
        {
            var (parse, report, _, _) = call;
            var n = Answers.CheckCount(parse.GetValue(count));
            var id = parse.GetValue(artist)!;
            await using var connection = await call.ConnectAsync();
            var (_, name) = await Catalogs.ResolveArtistAsync(connection.Artists, id);
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

            report.WriteJson(new SimilarResult(answer.Artist, name, info.Listeners, info.TotalPlays, answer.ModelVersion, source, ScoredArtistResult.Of(answer.Artists)));
            return 0;
        });
        return command;
    }
}
