using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Training;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Serving;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Starts distributed training through the model's orchestrator and follows it until it ends.
/// Ctrl+C stops following only; the run goes on in the cluster.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new ModelOptionSet();
        var cluster = new ClusterOptionSet();
        var concurrency = new Option<int?>("--concurrency") { Description = $"Rows solved concurrently per partition worker (default {new TrainingOptions().Concurrency})." };
        var detach = new Option<bool>("--detach") { Description = "Return right after the run has started ('status' follows it)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("train", "Train the model across the cluster (ALS half-sweeps over user and artist grains) and publish a new model version.");
        model.AddTo(command);
        command.Options.Add(concurrency);
        cluster.AddTo(command, withModel: true);
        command.Options.Add(detach);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report, concurrency);
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            return await ClusterTraining.RunAsync(connection, options, parse.GetValue(detach), report, ct);
        }, cancellationToken));
        return command;
    }
}
