using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MusicRecs.Tests.Processes;

/// <summary>An Orleans client host (not started) for the silo processes of one cluster id, found through Azure Table clustering.</summary>
internal static class AzureClusterClient
{
    public static IHost Build(string id, string connectionString, Action<IClientBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = id;
                o.ServiceId = id;
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
            configure?.Invoke(client);
        });
        return builder.Build();
    }
}
