using System.CommandLine;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>A user's top artists from the published model, played ones excluded.</summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "External user id." };
        var count = new Option<int>("--count") { Description = "How many artists.", DefaultValueFactory = _ => 10 };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("recommend", "Recommend artists to a user (artists the user played are excluded).");
        command.Arguments.Add(user);
        command.Options.Add(count);
        cluster.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var n = Answers.CheckCount(parse.GetValue(count));
            var id = parse.GetValue(user)!;
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            await Catalogs.ResolveAsync(connection.Users, "user", id);
            var answer = await connection.User(id).Recommend(n);
            Print(report, answer);
            report.WriteJson(ToJson(answer));
            return 0;
        }, cancellationToken));
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

    public static Dictionary<string, object?> ToJson(Recommendations answer) => new()
    {
        ["user"] = answer.User,
        ["model_version"] = answer.ModelVersion,
        ["source"] = Answers.SourceName(answer.Source),
        ["artists"] = Answers.ArtistsJson(answer.Artists),
    };
}
