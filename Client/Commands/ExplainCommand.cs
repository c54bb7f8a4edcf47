using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>Why an artist scores what it does for a user: the played artists that contribute most (HKV section 5).</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "External user id." };
        var artist = new Argument<string>("ARTIST") { Description = "External artist id." };
        var count = new Option<int>("--count") { Description = "How many contributing artists.", DefaultValueFactory = _ => 10 };
        var command = ClusterCommand.Create("explain", "Explain an artist's score for a user: the played artists that contribute most to it.", [user, artist, count], async call =>
        {
            var (parse, report, _, _) = call;
            var n = Answers.CheckCount(parse.GetValue(count));
            var userId = parse.GetValue(user)!;
            var artistId = parse.GetValue(artist)!;
            await using var connection = await call.ConnectAsync();
            await Catalogs.ResolveAsync(connection.Users, "user", userId);
            var (index, name) = await Catalogs.ResolveArtistAsync(connection.Artists, artistId);

            Explanation answer;
            try
            {
                answer = await connection.User(userId).Explain(index, n);
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException($"cannot explain {Answers.Label(artistId, name)} for user {userId}: {e.Message}", e);
            }

            report.Line($"why {Answers.Label(artistId, name)} for user {userId}: score {answer.Score.ToString("F4", CultureInfo.InvariantCulture)} (model version {answer.ModelVersion}, source model)");
            if (answer.Contributions.IsEmpty)
            {
                report.Line("  no played artist of this user is in the model");
            }

            for (var i = 0; i < answer.Contributions.Length; i++)
            {
                var c = answer.Contributions[i];
                report.Line($"  {i + 1,3}. {Answers.Label(c.Artist, c.Name)}  {c.Amount.ToString("F4", CultureInfo.InvariantCulture)} ({(c.Share * 100).ToString("F0", CultureInfo.InvariantCulture)}%)");
            }

            report.WriteJson(ExplainResult.Of(answer, name));
            return 0;
        });
        return command;
    }
}
