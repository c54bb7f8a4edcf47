using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Publishes one play to a user's play stream: one <see cref="PlayBatch"/> event with one
/// <see cref="PlayEvent"/>. The user grain applies it asynchronously (and once, by producer and sequence).
/// </summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "External user id." };
        var artist = new Argument<string>("ARTIST") { Description = "External artist id (registered on its first play)." };
        var count = new Option<double>("--count") { Description = "Plays to add.", DefaultValueFactory = _ => 1 };
        var timestamp = new Option<long?>("--timestamp") { Description = "When it was played, unix seconds (default: now)." };
        var command = ClusterCommand.Create("play", "Publish a play to the user's play stream; the user grain folds it in asynchronously.", [user, artist, count, timestamp], async call =>
        {
            var (parse, report, _, _) = call;
            var userId = CheckId(parse.GetValue(user), "USER");
            var artistId = CheckId(parse.GetValue(artist), "ARTIST");
            var plays = PlayProducer.CheckCount(parse.GetValue(count), "--count");
            var when = parse.GetValue(timestamp) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (when < 0)
            {
                throw new ArgumentException($"--timestamp {when} is negative: it must be unix seconds.");
            }

            await using var connection = await call.ConnectAsync();
            var play = PlayProducer.Play(artistId, (float)plays, when);
            await connection.Plays(userId).OnNextAsync(new PlayBatch(userId, [play]));

            var shown = plays.ToString("G", CultureInfo.InvariantCulture);
            report.Line($"sent to the play stream of user {userId}: artist {artistId} x {shown} at {when} (producer {play.Producer}, sequence {play.Sequence})");
            report.WriteJson(new PlayResult(userId, artistId, plays, when, play.Producer, play.Sequence, PlayStreams.Provider));
            return 0;
        });
        return command;
    }

    private static string CheckId(string? id, string name)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"{name} must not be empty.");
        }

        return id.Trim();
    }
}
