using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Reads the published model and the training status once a second for the metrics (model version and age,
/// training progress). Iteration times are recorded by the training grain itself (<see cref="Grains.Training.TrainingMetrics"/>).
/// </summary>
public sealed class ModelWatch(IGrainFactory grains, HttpMetrics metrics, ILogger<ModelWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
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
