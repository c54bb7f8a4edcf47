using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using Microsoft.Extensions.Options;
using MusicRecs.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace MusicRecs.Silo;

/// <summary>Turns validated <see cref="SiloSettings"/> into clustering, endpoints, grain storage and reminders.</summary>
public static class SiloSetup
{
    public static ISiloBuilder ConfigureMusicRecs(this ISiloBuilder silo, SiloSettings settings)
    {
        ConfigureClustering(silo, settings.Clustering);
        ConfigureTls(silo, settings.Tls);
        ConfigureStorage(silo, settings.Storage, settings.Clustering.ServiceId);
        ConfigureStreams(silo, settings.Streams, settings.Clustering.ServiceId, settings.Live.AzureQueuePollPeriod);
        silo.AddMusicRecsServices(memoryStreams: settings.Streams.Mode == StreamsSettings.Memory);

        // The validated MusicRecs:Live, :Training and :Bench sections, as the grains and silo services read them.
        silo.Services.AddSingleton(Options.Create(settings.Live));
        silo.Services.AddSingleton(Options.Create(settings.Training));
        silo.Services.AddSingleton(Options.Create(settings.Bench));
        return silo;
    }


    /// <summary>One line for the log: modes, ids, ports, storage layout; connection strings without secrets.</summary>
    public static string Describe(SiloSettings settings)
    {
        var c = settings.Clustering;
        var s = settings.Storage;
        var text = new StringBuilder();
        text.Append($"clustering {c.Mode} (cluster '{c.ClusterId}', service '{c.ServiceId}', ");
        text.Append(c.Mode == ClusteringSettings.AzureTable ? $"advertised {c.AdvertisedIP})" : $"primary silo 127.0.0.1:{c.PrimarySiloPort})");
        text.Append($", silo port {c.SiloPort}, gateway port {c.GatewayPort}");
        text.Append(settings.Tls.Enabled ? $", TLS with {settings.Tls.CertificatePath}" : ", no TLS");
        text.Append($"; storage {s.Mode}");
        if (s.Mode == StorageSettings.Azure)
        {
            text.Append($" (blob: {string.Join(", ", StorageNames.Large)} in containers '{BlobContainerName(c.ServiceId, "")}*' with the {s.BlobSerializer} serializer");
            text.Append($"; table: {string.Join(", ", StorageNames.Small)}; reminders: Azure Table)");
        }
        else
        {
            text.Append(" (grain state and reminders in memory)");
        }

        var q = settings.Streams;
        text.Append($"; streams {q.Mode}");
        text.Append(q.Mode == StreamsSettings.AzureQueue
            ? $" ({PlayStreams.QueueCount} queues '{PlayStreams.QueueNames(c.ServiceId)[0][..^2]}-*', polled every {settings.Live.AzureQueuePollPeriod.TotalMilliseconds:0} ms"
                + (s.Mode == StorageSettings.Azure && q.ConnectionString == s.ConnectionString ? " in the storage account)" : $"; {ConnectionStrings.Describe(q.ConnectionString)})")
            : " (in-silo queues)");

        var clusteringAccount = c.Mode == ClusteringSettings.AzureTable ? c.ConnectionString : null;
        var storageAccount = s.Mode == StorageSettings.Azure ? s.ConnectionString : null;
        if (clusteringAccount is not null && storageAccount is not null && clusteringAccount == storageAccount)
        {
            text.Append($"; Azure Storage: {ConnectionStrings.Describe(clusteringAccount)}");
        }
        else
        {
            if (clusteringAccount is not null)
            {
                text.Append($"; clustering Azure Storage: {ConnectionStrings.Describe(clusteringAccount)}");
            }

            if (storageAccount is not null)
            {
                text.Append($"; storage Azure Storage: {ConnectionStrings.Describe(storageAccount)}");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Blob container of a large-state provider: the service id and the provider name, so deployments with
    /// different service ids never share state (Azure Table state and reminders are keyed by service id already).
    /// </summary>
    public static string BlobContainerName(string serviceId, string provider)
    {
        var suffix = Clean(provider);
        var prefix = Clean(serviceId);
        var room = 63 - StorageNames.Large.Max(n => Clean(n).Length) - 1;
        if (prefix.Length > room)
        {
            prefix = prefix[..room].TrimEnd('-');
        }

        return $"{(prefix.Length == 0 ? "musicrecs" : prefix)}-{suffix}";
    }

    /// <summary>Lower-case letters, digits and single hyphens: valid in container and queue names.</summary>
    private static string Clean(string value) => AzureNames.Clean(value);

    /// <param name="pollPeriod">How often a pulling agent reads an Azure queue (Orleans default 100 ms; plays should show quickly).</param>
    private static void ConfigureStreams(ISiloBuilder silo, StreamsSettings q, string serviceId, TimeSpan pollPeriod)
    {
        if (q.Mode != StreamsSettings.AzureQueue)
        {
            return;
        }

        var connectionString = q.ConnectionString!;
        var queues = PlayStreams.QueueNames(serviceId).ToList();
        silo.AddAzureQueueStreams(PlayStreams.Provider, (SiloAzureQueueStreamConfigurator streams) =>
        {
            streams.ConfigureAzureQueue(options => options.Configure(o =>
            {
                o.QueueServiceClient = new QueueServiceClient(connectionString);
                o.QueueNames = queues;
            }));
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = pollPeriod));
        });
    }

    /// <summary>Silo-to-silo and gateway connections in TLS, every peer presenting the cluster's one certificate.</summary>
    private static void ConfigureTls(ISiloBuilder silo, TlsSettings tls)
    {
        if (!tls.Enabled)
        {
            return;
        }

        var certificate = ClusterTls.Load(tls.CertificatePath!, tls.CertificatePassword, "MusicRecs:Tls:CertificatePath");
        silo.UseTls(certificate, options => ClusterTls.Configure(options, certificate));
    }

    private static void ConfigureClustering(ISiloBuilder silo, ClusteringSettings c)
    {
        if (c.Mode == ClusteringSettings.Localhost)
        {
            silo.UseLocalhostClustering(c.SiloPort, c.GatewayPort, new IPEndPoint(IPAddress.Loopback, c.PrimarySiloPort), c.ServiceId, c.ClusterId);
            return;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = c.ClusterId;
            o.ServiceId = c.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(c.AdvertisedIP), c.SiloPort, c.GatewayPort, listenOnAnyHostAddress: false);
        var connectionString = c.ConnectionString!;
        silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
    }

    private static void ConfigureStorage(ISiloBuilder silo, StorageSettings s, string serviceId)
    {
        if (s.Mode == StorageSettings.Memory)
        {
            silo.AddMusicRecsMemoryStorage();
            silo.UseInMemoryReminderService();
            return;
        }

        var connectionString = s.ConnectionString!;
        foreach (var name in StorageNames.Large)
        {
            var container = BlobContainerName(serviceId, name);
            silo.AddAzureBlobGrainStorage(name, (OptionsBuilder<AzureBlobStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
            {
                o.BlobServiceClient = new BlobServiceClient(connectionString);
                o.ContainerName = container;
                if (s.BlobSerializer == StorageSettings.OrleansSerializer)
                {
                    // Factor blocks are float arrays: binary is far smaller and faster than JSON.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }
            }));
        }

        foreach (var name in StorageNames.Small)
        {
            silo.AddAzureTableGrainStorage(name, o => o.TableServiceClient = new TableServiceClient(connectionString));
        }

        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
    }
}
