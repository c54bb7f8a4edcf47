using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MusicRecs.Silo;
using MusicRecs.Silo.Http;

// Exit codes: 0 clean shutdown, 1 the silo failed to start or crashed, 2 bad configuration.
var clock = Stopwatch.StartNew();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json sits beside the binary, whatever the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});

SiloSettings settings;
try
{
    settings = SettingsValidator.Load(builder.Configuration);
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

builder.UseOrleans(silo => silo.ConfigureMusicRecs(settings));
builder.AddMusicRecsHttp(settings);

await using var host = builder.Build();
host.UseMusicRecsHttp(settings);
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MusicRecs.Silo");
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
var description = SiloSetup.Describe(settings);
lifetime.ApplicationStarted.Register(() =>
    logger.LogInformation("MusicRecs silo started in {Seconds:F1} s (pid {Pid}): {Description}", clock.Elapsed.TotalSeconds, Environment.ProcessId, description));
lifetime.ApplicationStopping.Register(() =>
{
    // The garbage collector's share of a run: what to look at first when a silo is slower than expected.
    var gc = GC.GetGCMemoryInfo(GCKind.Any);
    logger.LogInformation(
        "MusicRecs silo stopping after {Seconds:F1} s: {Gen0}/{Gen1}/{Gen2} collections (gen 0/1/2), {Pause:F1} s paused in them ({PausePercent:F1}% of the last), {Allocated:N0} MB allocated, peak working set {Peak:N0} MB",
        clock.Elapsed.TotalSeconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalSeconds, gc.PauseTimePercentage,
        GC.GetTotalAllocatedBytes() / (1024 * 1024), System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024));
});

logger.LogInformation("MusicRecs silo starting: {Description}", description);
try
{
    await host.RunAsync();
}
catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
{
    logger.LogWarning("MusicRecs silo stopped before it had finished starting");
    return 1;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    logger.LogCritical(e, "MusicRecs silo failed: {Message}", e.Message);
    await Task.Delay(100); // let the console logger flush
    Console.Error.WriteLine($"error: the silo failed: {e.GetType().Name}: {e.Message}");
    return 1;
}

logger.LogInformation("MusicRecs silo stopped");
return 0;
