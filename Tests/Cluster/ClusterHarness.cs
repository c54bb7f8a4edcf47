using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Serving;
using MusicRecs.Tests.Faults;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// A fresh in-process cluster of several silos per test (the catalogs and the model have fixed keys),
/// with storage that survives killing a silo, and helpers to import a dataset and train through grains.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>Longest wait for the silos' caches to follow the cluster (they do within a second or two).</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private ClusterHarness(InProcessTestCluster cluster, string id) => (Cluster, Id) = (cluster, id);

    public InProcessTestCluster Cluster { get; }

    /// <summary>Names this cluster's storage (and its faults in <see cref="FaultRegistry"/>).</summary>
    public string Id { get; }

    public IClusterClient Client => Cluster.Client;

    /// <param name="faultyStorage">Wraps every storage provider in a <see cref="FaultyGrainStorage"/> (no faults until
    /// <see cref="Faults"/> switches them on).</param>
    /// <param name="configureSilo">Further silo configuration, after the platform's services (a later registration wins).</param>
    public static async Task<ClusterHarness> StartAsync(short silos, TimeSpan? listenerFlushPeriod = null, bool faultyStorage = false, Action<ISiloBuilder>? configureSilo = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMusicRecsServices();
            silo.UseInMemoryReminderService();
            if (listenerFlushPeriod is { } period)
            {
                silo.Services.Configure<LiveOptions>(o => o.ListenerFlushPeriod = period);
            }

            foreach (var name in StorageNames.Large.Concat(StorageNames.Small))
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
                {
                    var serializer = sp.GetRequiredService<Serializer>();
                    var shared = new SharedMemoryGrainStorage(id, name, serializer);
                    return faultyStorage ? new FaultyGrainStorage(shared, FaultRegistry.For(id, name), name, serializer) : shared;
                });
            }

            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(PlayStreams.Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ClusterHarness(cluster, id);
    }

    /// <summary>The faults of one storage provider of this cluster (with <c>faultyStorage</c>), switchable at any time.</summary>
    public StorageFaults Faults(string storage) => FaultRegistry.For(Id, storage);

    /// <summary>
    /// Registers ids in dataset index order (so grain indexes equal dataset indexes) and sends every user's
    /// plays to its grain, the way the import command does: the artists hear of them only through the silos.
    /// </summary>
    /// <param name="attempts">Calls a user's batch gets (a retry resends the same events, as a client would after a failure).</param>
    public async Task ImportAsync(Dataset data, int attempts = 1)
    {
        var users = await Client.GetGrain<ICatalogGrain>(CatalogKind.Users).Register([.. data.Users.Ids.Select(u => new CatalogEntry(u))]);
        var artists = await Client.GetGrain<ICatalogGrain>(CatalogKind.Artists).Register([.. Enumerable.Range(0, data.Artists.Count).Select(a => new CatalogEntry(data.Artists[a], data.ArtistName(a)))]);
        Assert.Equal(Enumerable.Range(0, data.Users.Count), users);
        Assert.Equal(Enumerable.Range(0, data.Artists.Count), artists);

        var plays = data.Plays;
        await Task.WhenAll(Enumerable.Range(0, plays.Rows).Select(async u =>
        {
            var batch = new PlayBatch(data.Users[u], [.. Row(plays, u).Select((c, t) => new PlayEvent(data.Artists[c.Index], c.Value, 0, "harness", plays.RowStarts[u] + t))]);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Client.GetGrain<IUserGrain>(data.Users[u]).Apply(batch);
                    return;
                }
                catch (Exception) when (attempt < attempts)
                {
                    // Retried as it is: the events' ids make a second delivery harmless.
                }
            }
        }));
    }

    /// <summary>Trains <paramref name="options"/> on what was imported, asserts the run completed and waits until every silo serves it.</summary>
    public async Task<PublishedModel> TrainAndPublishAsync(TrainingOptions options)
    {
        await Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(options);
        var status = await WaitForTrainingAsync();
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        return await WaitForPublishedAsync();
    }

    public async Task<TrainingStatus> WaitForTrainingAsync(string model = "default", Func<TrainingStatus, Task>? onProgress = null, int timeoutSeconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            TrainingStatus status;
            try
            {
                status = await Client.GetGrain<ITrainingOrchestratorGrain>(model).GetStatus();
            }
            catch (Exception e) when ((e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException) && DateTime.UtcNow < deadline)
            {
                // The orchestrator's silo just died: the next call, a moment later, reactivates it elsewhere. The pause
                // spaces those retries (membership needs a moment to declare the silo dead); the deadline bounds them.
                await Task.Delay(200);
                continue;
            }

            if (!status.IsRunning)
            {
                return status;
            }

            if (onProgress is not null)
            {
                await onProgress(status);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Training still {status.Phase} after {timeoutSeconds} s ({status.HalfSweepsDone} half-sweeps).");
            }

            // The poll interval of this condition wait (its deadline is checked above); short, since tests time what follows.
            await Task.Delay(Eventually.Poll);
        }
    }

    /// <summary>
    /// Sends every silo's buffered listener changes to the artist grains (which store them and refresh their
    /// factors before answering), then the refreshed factors to the model's delta grain.
    /// </summary>
    public async Task FlushListenersAsync()
    {
        foreach (var silo in Cluster.Silos)
        {
            await silo.SiloHost.Services.GetRequiredService<ListenerBuffer>().FlushAsync();
        }

        foreach (var silo in Cluster.Silos)
        {
            await silo.SiloHost.Services.GetRequiredService<ArtistFactorBuffer>().FlushAsync();
        }
    }

    /// <summary>
    /// Waits until every silo's published-model cache serves the orchestrator's published version (queries read
    /// the version from that cache, which follows a publication within Live:PublishedModelMaxAge); returns it.
    /// </summary>
    public async Task<PublishedModel> WaitForPublishedAsync(string model = "default")
    {
        var published = await Client.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished()
            ?? throw new InvalidOperationException("No published model.");
        foreach (var (silo, i) in Cluster.Silos.Select((s, i) => (s, i)))
        {
            var cache = silo.SiloHost.Services.GetRequiredService<PublishedModelCache>();
            await Eventually.WaitAsync(
                () => cache.GetAsync(model),
                p => p?.Version == published.Version,
                SettleTimeout,
                $"silo {i} to serve published version {published.Version} of '{model}'");
        }

        return published;
    }

    /// <summary>
    /// Waits until every silo's artist view (the published factors patched with live refreshes) holds the latest
    /// refreshed factor of every artist the model's delta grain has: then every query scores against them.
    /// </summary>
    public async Task WaitForArtistOverlayAsync(string model = "default")
    {
        var published = await WaitForPublishedAsync(model);
        // Epoch 0 is never drawn: the grain answers with everything it holds.
        var updates = (await Client.GetGrain<IModelDeltaGrain>(model).Since(published.Version, 0, 0)).Updates;
        var latest = updates.GroupBy(u => u.Artist).Select(g => g.Last()).ToArray();
        foreach (var (silo, i) in Cluster.Silos.Select((s, i) => (s, i)))
        {
            var overlay = silo.SiloHost.Services.GetRequiredService<ArtistOverlay>();
            await Eventually.TrueAsync(
                async () =>
                {
                    var view = await overlay.GetAsync(published);
                    var k = view.Factors.Factors;
                    return latest.All(u => u.Artist < view.Rows && view.Factors.Row(u.Artist)[..k].SequenceEqual(u.Factor.AsSpan(0, k)));
                },
                SettleTimeout,
                $"silo {i} to patch its artist view with the {latest.Length} refreshed artist factors of version {published.Version}");
        }
    }

    /// <summary>All factor rows of one side of the published model, read from its durable snapshot blocks.</summary>
    public async Task<float[]> PublishedFactorsAsync(string side, string model = "default")
    {
        var published = await Client.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished()
            ?? throw new InvalidOperationException("No published model.");
        var rows = side == CatalogKind.Users ? published.Users : published.Artists;
        var version = side == CatalogKind.Users ? published.UserSnapshot : published.ArtistSnapshot;
        var data = new float[rows * published.Options.Factors];
        for (var b = 0; b < SnapshotKeys.Blocks(rows); b++)
        {
            var block = await Client.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(model, published.RunId, side, version, b)).Read()
                ?? throw new InvalidOperationException($"Block {b} of {side} is missing.");
            block.Floats.CopyTo(data.AsSpan(block.FirstRow * block.Factors));
        }

        return data;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        FaultRegistry.Remove(Id);
    }

    private static IEnumerable<(int Index, float Value)> Row(Grains.Factorization.CsrMatrix m, int row)
    {
        for (var p = m.RowStarts[row]; p < m.RowStarts[row + 1]; p++)
        {
            yield return (m.ColumnIndexes[p], m.Values[p]);
        }
    }
}
