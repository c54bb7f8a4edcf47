using System.CommandLine;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
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
        command.SetAction((parse, cancellationToken) => ClusterCommandRunner.RunAsync(async ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = Resolve(parse, model, concurrency, report);
            var settings = cluster.Resolve(parse);
            await using var connection = await ClusterConnection.ConnectAsync(settings, ct);
            return await RunAsync(connection, options, parse.GetValue(detach), report, ct);
        }, cancellationToken));
        return command;
    }

    /// <summary>The model options as the cluster takes them, validated: a bad one is named before anything starts.</summary>
    public static TrainingOptions Resolve(ParseResult parse, ModelOptionSet model, Option<int?>? concurrency, Reporter report)
    {
        var als = model.Resolve(parse);
        if (parse.GetValue(model.Threads) is not null)
        {
            report.Line("note: --threads does not apply to cluster training (each silo uses its own cores)");
        }

        var options = als.ToWire();
        if (concurrency is not null && parse.GetValue(concurrency) is { } c)
        {
            options = options with { Concurrency = c };
        }

        options.Validate();
        return options;
    }

    /// <summary>Starts a run and, unless detached, follows it: 0 completed, 3 failed, 130 cancelled or no longer followed.</summary>
    public static async Task<int> RunAsync(ClusterConnection connection, TrainingOptions options, bool detach, Reporter report, CancellationToken cancellationToken)
    {
        var started = await StartAsync(connection, options, report);
        if (detach)
        {
            report.Line("detached: the run goes on in the cluster; 'musicrecs status --follow' follows it");
            report.WriteJson(TrainingFollower.ToJson(started));
            return 0;
        }

        TrainingStatus final;
        try
        {
            final = await TrainingFollower.FollowAsync(connection.Orchestrator, started.RunId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"stopped following; training run {started.RunId} goes on in the cluster ('musicrecs status --follow' follows it again)");
            return ClusterCommandRunner.Cancelled;
        }

        return Finish(final, started.RunId, report);
    }

    /// <summary>Starts a run; a model already training, or nothing to train, is refused with a clear message.</summary>
    /// <summary>Imports a dataset and trains on it, following the run; the code is 0 when training completed.</summary>
    public static async Task<(ImportSummary Imported, TrainingStatus Final, int Code)> ImportAndTrainAsync(ClusterConnection connection, Dataset dataset, TrainingOptions options, Reporter report, CancellationToken cancellationToken)
    {
        var imported = await Importer.RunAsync(connection, dataset, cancellationToken);
        report.Line(ImportCommand.Describe(imported));
        var started = await StartAsync(connection, options, report);
        var final = await TrainingFollower.FollowAsync(connection.Orchestrator, started.RunId, cancellationToken);
        return (imported, final, Finish(final, started.RunId, report, withJson: false));
    }

    public static async Task<TrainingStatus> StartAsync(ClusterConnection connection, TrainingOptions options, Reporter report)
    {
        var orchestrator = connection.Orchestrator;
        var model = connection.Settings.Model;
        var current = await orchestrator.GetStatus();
        if (current.IsRunning)
        {
            throw new ArgumentException($"model '{model}' is already training (run {current.RunId}, {TrainingFollower.ProgressLine(current)}): 'musicrecs status --follow' follows it");
        }

        TrainingStatus started;
        try
        {
            started = await orchestrator.Start(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"cannot start training of model '{model}': {e.Message}", e);
        }

        report.Line($"training model '{model}' (run {started.RunId}) over {started.Users:N0} users and {started.Artists:N0} artists: {Describe(options)}");
        return started;
    }

    /// <summary>Says how a followed run ended and returns the exit code: 0 completed, 3 failed, 130 otherwise.</summary>
    public static int Finish(TrainingStatus final, string runId, Reporter report, bool withJson = true)
    {
        int code;
        if (final.RunId != runId)
        {
            Console.Error.WriteLine($"run {runId} was replaced by run {final.RunId} ({TrainingFollower.PhaseName(final.Phase)})");
            code = ClusterCommandRunner.Cancelled;
        }
        else if (final.Phase == TrainingPhase.Completed)
        {
            report.Line(TrainingFollower.Summary(final));
            code = 0;
        }
        else if (final.Phase == TrainingPhase.Failed)
        {
            Console.Error.WriteLine($"error: {TrainingFollower.Summary(final)}");
            code = ClusterCommandRunner.TrainingFailed;
        }
        else
        {
            Console.Error.WriteLine(TrainingFollower.Summary(final));
            code = ClusterCommandRunner.Cancelled;
        }

        if (withJson)
        {
            report.WriteJson(TrainingFollower.ToJson(final));
        }

        return code;
    }

    public static string Describe(TrainingOptions o) =>
        $"k={o.Factors} iterations={o.Iterations} scheme={o.Scheme} alpha={o.Alpha:G4}"
        + (o.Scheme == "log" ? $" eps={o.Epsilon:G4}" : string.Empty)
        + $" lambda={o.Regularization:G4} solver={(o.Solver == "cholesky" ? "cholesky" : $"cg({o.CgSteps})")} seed={o.Seed}";
}
