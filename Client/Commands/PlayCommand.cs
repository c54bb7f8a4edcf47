using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Publishes one play to a user's play stream: one <see cref="PlayBatch"/> event with one
/// <see cref="PlayEvent"/>. The user grain applies it asynchronously (and once, by producer and sequence).
/// </summary>
internal static class PlayCommand
{
    public const double MaxCount = 1e15;

    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>This process as a producer of play events: unique per run of the tool.</summary>
    public static string Producer { get; } = $"musicrecs/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The next sequence number of this producer: rising, starting from the unix time in milliseconds at start.</summary>
    public static long NextSequence() => Interlocked.Increment(ref _sequence);

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
            var plays = CheckCount(parse.GetValue(count), "--count");
            var when = parse.GetValue(timestamp) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (when < 0)
            {
                throw new ArgumentException($"--timestamp {when} is negative: it must be unix seconds.");
            }

            await using var connection = await call.ConnectAsync();
            var play = new PlayEvent(artistId, (float)plays, when, Producer, NextSequence());
            await connection.Plays(userId).OnNextAsync(new PlayBatch(userId, [play]));

            var shown = plays.ToString("G", CultureInfo.InvariantCulture);
            report.Line($"sent to the play stream of user {userId}: artist {artistId} x {shown} at {when} (producer {play.Producer}, sequence {play.Sequence})");
            report.WriteJson(new Dictionary<string, object?>
            {
                ["user"] = userId,
                ["artist"] = artistId,
                ["count"] = plays,
                ["timestamp"] = when,
                ["producer"] = play.Producer,
                ["sequence"] = play.Sequence,
                ["stream_provider"] = PlayStreams.Provider,
            });
            return 0;
        });
        return command;
    }

    /// <summary>A play count as the readers accept it: positive, finite, at most 1e15.</summary>
    public static double CheckCount(double count, string name)
    {
        if (!double.IsFinite(count) || count <= 0 || count > MaxCount)
        {
            throw new ArgumentException($"{name} {count.ToString("G", CultureInfo.InvariantCulture)} is not a play count: it must be positive, finite and at most 1e15.");
        }

        return count;
    }

    private static string CheckId(string? id, string name)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"{name} must not be empty.");
        }

        return id.Trim();
    }

    /// <summary>One event of a user's plays, each play with the next sequence number.</summary>
    public static PlayBatch Batch(string user, IEnumerable<(string Artist, float Count, long Timestamp)> plays) =>
        new(user, [.. plays.Select(p => new PlayEvent(p.Artist, p.Count, p.Timestamp, Producer, NextSequence()))]);
}
