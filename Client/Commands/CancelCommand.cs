using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;

namespace MusicRecs.Client.Commands;

/// <summary>Cancels the model's training run; the published version stays what queries serve.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var command = ClusterCommand.Create("cancel", "Cancel the running training of a model; queries keep the published version.", [], async call =>
        {
            var (_, report, settings, _) = call;
            await using var connection = await call.ConnectAsync();
            var before = await connection.Orchestrator.GetStatus();
            var after = await connection.Orchestrator.Cancel();
            report.Line(before.IsRunning
                ? $"cancelled run {after.RunId} of model '{settings.Model}' after {after.HalfSweepsDone} half-sweeps; published version {after.PublishedVersion} stays"
                : $"model '{settings.Model}' is not training ({TrainingFollower.PhaseName(after.Phase)}); nothing to cancel");
            report.WriteJson(TrainingResult.Of(after));
            return 0;
        }, withModel: true);
        return command;
    }
}
