using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MusicRecs.Grains.Bench;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Snapshots;
using Orleans.Configuration;
using MusicRecs.Grains.Storage;
using Orleans.Serialization;
using Orleans.Storage;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Training;

namespace MusicRecs.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>Grain addresses a silo caches (Orleans' default is 1,000,000).</summary>
    public const int DirectoryCacheSize = 50_000;

    /// <summary>
    /// The silo-local services the grains need (factor snapshot cache, published-model cache, artist
    /// names, listener buffer) and the play stream (memory streams; user grains subscribe implicitly).
    /// With <paramref name="memoryStreams"/> false the caller registers the <see cref="PlayStreams.Provider"/>
    /// stream provider itself (e.g. Azure Queue streams).
    /// </summary>
    public static ISiloBuilder AddMusicRecsServices(this ISiloBuilder builder, bool memoryStreams = true)
    {
        if (memoryStreams)
        {
            // Queues are polled every 5 ms instead of 100 ms: a play should reach the next query quickly (with 10 ms
            // the freshness p50 was 11 ms and its p99 35-67 ms; with 5 ms, 8 ms and 22-32 ms, for about 1,600 polls a second).
            // Delivered events leave the pulling agents' cache after seconds instead of minutes: the user grains
            // dedupe redeliveries themselves, and minutes of plays held in memory survive every gen-0 collection.
            builder.AddMemoryStreams(PlayStreams.Provider, streams =>
            {
                streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<LiveOptions>>((o, live) => o.GetQueueMsgsTimerPeriod = live.Value.MemoryStreamPollPeriod));
                streams.ConfigureCacheEviction(eviction => eviction.Configure<IOptions<LiveOptions>>((o, live) =>
                {
                    o.DataMinTimeInCache = live.Value.MemoryStreamCacheMinTime;
                    o.DataMaxAgeInCache = live.Value.MemoryStreamCacheMaxAge;
                }));
            });
        }

        // Checked when the silo starts: backpressure must not hold an event longer than the stream cache keeps it.
        builder.Services.AddOptions<LiveOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>();
        builder.Services.AddOptions<TrainingRuntimeOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrainingRuntimeOptions>, TrainingRuntimeOptionsValidator>();
        builder.Services.AddOptions<BenchOptions>();

        // Orleans caches the address of every grain a silo called, 1,000,000 entries by default with its table sized
        // for them up front; a run calls every user and artist once and most of those activations leave at once. A
        // smaller cache keeps the addresses in use and forgets the rest (docs/cluster.md, "Silo memory").
        builder.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);

        // The benchmark grains run millions of queries on request: only silos started for a benchmark host them.
        builder.Services.AddOptions<GrainTypeOptions>().Configure<IOptions<BenchOptions>>((types, bench) =>
        {
            if (!bench.Value.Enabled)
            {
                types.Classes.Remove(typeof(QueryBenchGrain));
            }
        });

        builder.Services.AddHostedService<HeapCompaction>();
        builder.Services.AddSingleton<ListenerBuffer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ListenerBuffer>());
        builder.AddGrainService<ListenerFlushService>();
        builder.Services.AddSingleton<IListenerFlushClient, ListenerFlushClient>();
        builder.Services.AddSingleton<ArtistFactorBuffer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ArtistFactorBuffer>());
        builder.Services.AddSingleton<IngestCounters>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<TrainingMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestCounters>());
        builder.Services.AddSingleton<SnapshotCache>();
        builder.AddGrainService<FactorMemoryService>();
        builder.Services.AddSingleton<IFactorMemoryClient, FactorMemoryClient>();
        builder.Services.AddSingleton<PublishedModelCache>();
        builder.Services.AddSingleton<ArtistDirectory>();
        builder.Services.AddSingleton<ArtistOverlay>();
        builder.Services.AddSingleton<PublishedUserRows>();
        builder.Services.AddSingleton<ArtistRefresher>();
        builder.Services.AddSingleton(sp => new ComputeGate(sp.GetRequiredService<IOptions<TrainingRuntimeOptions>>().Value.ComputeSlots));
        builder.Services.AddSingleton(sp => new FactorBuffers(sp.GetRequiredService<IOptions<TrainingRuntimeOptions>>().Value.ComputeSlots));
        builder.Services.AddSingleton<Recommender>();
        builder.Services.AddSingleton<PlayIntake>();
        return builder;
    }

    /// <summary>
    /// Every storage provider in memory: the default single-process setup. States are copied with the
    /// Orleans binary serializer rather than the default JSON, which measured as the import bottleneck.
    /// </summary>
    public static ISiloBuilder AddMusicRecsMemoryStorage(this ISiloBuilder builder)
    {
        // Factor blocks are immutable: kept as copies, they are held once (shared with their activations), not twice.
        builder.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Snapshots, (sp, _) =>
            new CopyingMemoryGrainStorage(StorageNames.Snapshots, sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<DeepCopier>()));
        foreach (var name in StorageNames.Large.Concat(StorageNames.Small).Where(n => n != StorageNames.Snapshots))
        {
            builder.AddMemoryGrainStorage(name, (OptionsBuilder<MemoryGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
            {
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                o.NumStorageGrains = 64;
            }));
        }

        return builder;
    }
}
