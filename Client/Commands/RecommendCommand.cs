using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>A user's top artists from the published model, played ones excluded.</summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "External user id." };
        var count = new Option<int>("--count") { Description = "How many artists.", DefaultValueFactory = _ => 10 };
        var includePlayed = new Option<bool>("--include-played") { Description = "Also recommend artists the user already played." };
        var exclude = new Option<string[]>("--exclude") { Description = "Artist ids never to recommend.", AllowMultipleArgumentsPerToken = true };
        var only = new Option<string[]>("--only") { Description = "Recommend only among these artist ids.", AllowMultipleArgumentsPerToken = true };
        var command = ClusterCommand.Create("recommend", "Recommend artists to a user (artists the user played are excluded unless --include-played).", [user, count, includePlayed, exclude, only], async call =>
        {
            var (parse, report, _, _) = call;
            var n = Answers.CheckCount(parse.GetValue(count));
            var id = parse.GetValue(user)!;
            await using var connection = await call.ConnectAsync();
            await Catalogs.ResolveAsync(connection.Users, "user", id);
            var answer = await connection.User(id).RecommendWith(new RecommendRequest
            {
                Count = n,
                IncludePlayed = parse.GetValue(includePlayed),
                Exclude = [.. parse.GetValue(exclude) ?? []],
                RestrictTo = [.. parse.GetValue(only) ?? []],
            });
            Print(report, answer);
            report.WriteJson(RecommendResult.Of(answer));
            return 0;
        });
        return command;
    }

    public static void Print(Reporter report, Recommendations answer)
    {
        if (answer.ModelVersion == 0 && answer.Artists.IsEmpty)
        {
            report.Line($"no recommendations for user {answer.User}: no model has been published yet ('musicrecs train' publishes one)");
            return;
        }

        report.Line($"recommendations for user {answer.User} (model version {answer.ModelVersion}, source {Answers.SourceName(answer.Source)}):");
        Answers.PrintArtists(report, answer.Artists, withScores: answer.Source != RecommendationSource.Popularity);
    }
}
