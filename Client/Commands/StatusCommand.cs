using System.CommandLine;
using System.Globalization;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Client.Training;

namespace MusicRecs.Client.Commands;

/// <summary>Where the model's training stands, the model version queries serve, and the catalog sizes.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow") { Description = "While a run is in progress, follow it until it ends (Ctrl+C stops following only)." };
        var command = ClusterCommand.Create("status", "Show the training status, the published model (version, users, artists, factors) and how many users and artists the cluster holds.", [follow], async call =>
        {
            var (parse, report, settings, ct) = call;
            await using var connection = await call.ConnectAsync();
            var status = await connection.Orchestrator.GetStatus();
            var code = 0;
            if (status.IsRunning && parse.GetValue(follow))
            {
                report.Line($"following run {status.RunId} of model '{settings.Model}'");
                try
                {
                    var final = await TrainingFollower.FollowAsync(connection.Orchestrator, status.RunId, ct);
                    code = ClusterTraining.Finish(final, status.RunId, report, withJson: false);
                    status = final;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"stopped following; training run {status.RunId} goes on in the cluster");
                    return CommandRunner.Cancelled;
                }
            }

            var published = await connection.Orchestrator.GetPublished();
            var users = await connection.Users.Count();
            var artists = await connection.Artists.Count();

            report.Line($"cluster: {settings.Describe()}: {users:N0} users, {artists:N0} artists");
            report.Line($"training: {TrainingFollower.Summary(status)}");
            if (!status.Losses.IsEmpty)
            {
                report.Line("  losses: " + string.Join(", ", status.Losses.Select(l => l.ToString("G6", CultureInfo.InvariantCulture))));
            }

            report.Line(published is null
                ? $"published: none yet ('musicrecs train' publishes model '{settings.Model}')"
                : $"published: version {published.Version} (run {published.RunId}, {published.Users:N0} users, {published.Artists:N0} artists, {published.Options.Factors} factors, at {published.Published:u})");

            report.WriteJson(new StatusResult(settings.Model, users, artists, TrainingResult.Of(status), published is null ? null : PublishedResult.Of(published)));
            return code;
        }, withModel: true);
        return command;
    }
}
