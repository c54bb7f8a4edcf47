using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Training;

/// <summary>
/// Training through the cluster's orchestrator: start a run (refusing one while another runs), follow it,
/// say how it ended as an exit code; and import-then-train, which quickstart and the bench commands share.
/// </summary>
internal static class ClusterTraining
{
    /// <summary>Starts a run and, unless detached, follows it: 0 completed, 3 failed, 130 cancelled or no longer followed.</summary>
    public static async Task<int> RunAsync(ClusterConnection connection, TrainingOptions options, bool detach, Reporter report, CancellationToken cancellationToken)
    {
        var started = await StartAsync(connection, options, report);
        if (detach)
        {
            report.Line("detached: the run goes on in the cluster; 'musicrecs status --follow' follows it");
            report.WriteJson(TrainingResult.Of(started));
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
            return CommandRunner.Cancelled;
        }

        return Finish(final, started.RunId, report);
    }

    /// <summary>Imports a dataset and trains on it, following the run; the code is 0 when training completed.</summary>
    public static async Task<(ImportSummary Imported, TrainingStatus Final, int Code)> ImportAndTrainAsync(ClusterConnection connection, Dataset dataset, TrainingOptions options, Reporter report, CancellationToken cancellationToken)
    {
        var imported = await Importer.RunAsync(connection, dataset, cancellationToken);
        report.Line(imported.Describe());
        var started = await StartAsync(connection, options, report);
        var final = await TrainingFollower.FollowAsync(connection.Orchestrator, started.RunId, cancellationToken);
        return (imported, final, Finish(final, started.RunId, report, withJson: false));
    }

    /// <summary>Starts a run; a model already training, or nothing to train, is refused with a clear message.</summary>
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
            code = CommandRunner.Cancelled;
        }
        else if (final.Phase == TrainingPhase.Completed)
        {
            report.Line(TrainingFollower.Summary(final));
            code = 0;
        }
        else if (final.Phase == TrainingPhase.Failed)
        {
            Console.Error.WriteLine($"error: {TrainingFollower.Summary(final)}");
            code = CommandRunner.TrainingFailed;
        }
        else
        {
            Console.Error.WriteLine(TrainingFollower.Summary(final));
            code = CommandRunner.Cancelled;
        }

        if (withJson)
        {
            report.WriteJson(TrainingResult.Of(final));
        }

        return code;
    }

    public static string Describe(TrainingOptions o) =>
        $"k={o.Factors} iterations={o.Iterations} scheme={o.Scheme.Name()} alpha={o.Alpha:G4}"
        + (o.Scheme == TrainingScheme.Log ? $" eps={o.Epsilon:G4}" : string.Empty)
        + $" lambda={o.Regularization:G4} solver={(o.Solver == TrainingSolver.Cholesky ? "cholesky" : $"cg({o.CgSteps})")} seed={o.Seed}";
}
