using System.Diagnostics;
using System.Globalization;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Connection;

/// <summary>Follows a training run through the orchestrator's status until it completes, fails or is cancelled.</summary>
internal static class TrainingFollower
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Polls until run <paramref name="runId"/> ends (or another run replaces it) and returns the last status.
    /// Cancelling <paramref name="cancellationToken"/> stops following only; the run goes on in the cluster.
    /// </summary>
    public static async Task<TrainingStatus> FollowAsync(ITrainingOrchestratorGrain orchestrator, string runId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? lastShown = null;
        var lastShownAt = TimeSpan.Zero;
        while (true)
        {
            var status = await orchestrator.GetStatus();
            if (status.RunId != runId || !status.IsRunning)
            {
                return status;
            }

            var line = ProgressLine(status);
            if (line != lastShown || clock.Elapsed - lastShownAt >= Heartbeat)
            {
                Reporter.Progress($"  {line}, {Elapsed(status, clock.Elapsed):F1}s");
                lastShown = line;
                lastShownAt = clock.Elapsed;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public static string ProgressLine(TrainingStatus s)
    {
        var iteration = Math.Min(Math.Max(s.Iteration, s.HalfSweepsDone / 2 + 1), Math.Max(s.Iterations, 1));
        var text = $"iteration {iteration}/{s.Iterations}, {PhaseName(s.Phase)}";
        if (!s.Losses.IsEmpty)
        {
            text += $", last loss {s.Losses[^1].ToString("G6", CultureInfo.InvariantCulture)}";
        }

        return text;
    }

    public static string PhaseName(TrainingPhase phase) => phase switch
    {
        TrainingPhase.Idle => "idle",
        TrainingPhase.UserSweep => "user sweep",
        TrainingPhase.ArtistSweep => "artist sweep",
        TrainingPhase.Publishing => "publishing",
        TrainingPhase.Completed => "completed",
        TrainingPhase.Cancelled => "cancelled",
        TrainingPhase.Failed => "failed",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>Seconds the run took (or has taken so far); the local clock stands in while the cluster's times are missing.</summary>
    public static double Elapsed(TrainingStatus s, TimeSpan? localFallback = null)
    {
        if (s.Started is { } started)
        {
            var end = s.Finished ?? DateTimeOffset.UtcNow;
            return Math.Max(0, (end - started).TotalSeconds);
        }

        return localFallback?.TotalSeconds ?? 0;
    }

    /// <summary>One line for the end of a run: how it ended, iterations, final loss, time, published version.</summary>
    public static string Summary(TrainingStatus s)
    {
        var loss = s.Losses.IsEmpty ? string.Empty : $", final loss {s.Losses[^1].ToString("G6", CultureInfo.InvariantCulture)}";
        return s.Phase switch
        {
            TrainingPhase.Completed => $"trained model '{s.Model}' (run {s.RunId}): {s.Losses.Length}/{s.Iterations} iterations in {Elapsed(s):F1}s{loss}; published version {s.PublishedVersion}",
            TrainingPhase.Failed => $"training of model '{s.Model}' (run {s.RunId}) failed after {s.HalfSweepsDone / 2} iterations: {s.Error}",
            TrainingPhase.Cancelled => $"training of model '{s.Model}' (run {s.RunId}) was cancelled after {s.HalfSweepsDone / 2} of {s.Iterations} iterations",
            _ when s.IsRunning => $"model '{s.Model}' is training (run {s.RunId}): {ProgressLine(s)}, {Elapsed(s):F1}s so far",
            _ => $"model '{s.Model}': {PhaseName(s.Phase)}" + (s.RunId.Length > 0 ? $" (run {s.RunId})" : string.Empty),
        };
    }
}
