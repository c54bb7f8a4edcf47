using System.CommandLine;
using MusicRecs.Client.Cluster;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary>Cancels the model's training run; the published version stays what queries serve.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("cancel", "Cancel the running training of a model; queries keep the published version.");
        cluster.AddTo(command, withModel: true);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            var before = await connection.Orchestrator.GetStatus();
            var after = await connection.Orchestrator.Cancel();
            report.Line(before.IsRunning
                ? $"cancelled run {after.RunId} of model '{settings.Model}' after {after.HalfSweepsDone} half-sweeps; published version {after.PublishedVersion} stays"
                : $"model '{settings.Model}' is not training ({TrainingFollower.PhaseName(after.Phase)}); nothing to cancel");
            report.WriteJson(TrainingFollower.ToJson(after));
            return 0;
        }, cancellationToken));
        return command;
    }
}
