using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Reads the published model and the training status once a second for the metrics (model version and age,
/// training progress, the seconds of each completed iteration).
/// </summary>
public sealed class ModelWatch(IGrainFactory grains, HttpMetrics metrics, ILogger<ModelWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var run = "";
        var recorded = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var orchestrator = grains.GetGrain<ITrainingOrchestratorGrain>(UserEndpoints.ModelName);
                    var status = await orchestrator.GetStatus();
                    var published = await orchestrator.GetPublished();
                    metrics.Model = ModelEndpoints.Describe(published, status);
                    if (status.RunId != run)
                    {
                        (run, recorded) = (status.RunId, 0);
                    }

                    for (; recorded < status.IterationSeconds.Length; recorded++)
                    {
                        metrics.Iteration(status.IterationSeconds[recorded]);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug(e, "Could not read the model state; retrying in a second");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
