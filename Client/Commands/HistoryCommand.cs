using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Commands;

/// <summary>What a user has played, by artist name, most played first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "External user id." };
        var count = new Option<int?>("--count") { Description = "Show only the N most played artists (default: all)." };
        var command = ClusterCommand.Create("history", "Show a user's played artists with play counts, most played first.", [user, count], async call =>
        {
            var (parse, report, _, _) = call;
            var limit = parse.GetValue(count) is { } c ? Answers.CheckCount(c, int.MaxValue) : int.MaxValue;
            var id = parse.GetValue(user)!;
            await using var connection = await call.ConnectAsync();
            await Catalogs.ResolveAsync(connection.Users, "user", id);
            var history = await connection.User(id).GetHistory();
            var plays = await Catalogs.NamedPlaysAsync(connection, history, limit);

            var total = history.Plays.Sum(p => (double)p.Count);
            report.Line($"user {id}: {history.Plays.Length:N0} artists, {total.ToString("N0", CultureInfo.InvariantCulture)} plays"
                + (plays.Count < history.Plays.Length ? $" (the {plays.Count:N0} most played)" : string.Empty));
            for (var i = 0; i < plays.Count; i++)
            {
                var p = plays[i];
                report.Line($"  {i + 1,3}. {Answers.Label(p.Artist, p.Name)}  {p.Count.ToString("N0", CultureInfo.InvariantCulture)} plays");
            }

            report.WriteJson(new HistoryResult(id, history.Index, history.Plays.Length, total, [.. plays.Select(p => new HistoryArtistResult(p.Artist, p.Name, p.Count, p.LastPlayed))]));
            return 0;
        });
        return command;
    }
}
