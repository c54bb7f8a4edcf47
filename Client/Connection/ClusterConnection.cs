using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Streams;

namespace MusicRecs.Client.Connection;

/// <summary>
/// An Orleans client connected to the cluster, with the grains the commands talk to. Connecting retries
/// for a bounded time and then fails with a <see cref="ClusterUnavailableException"/> that says how to start a silo.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly IHost _host;

    private ClusterConnection(IHost host, ClusterSettings settings)
    {
        _host = host;
        Settings = settings;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public ClusterSettings Settings { get; }

    public IClusterClient Client { get; }

    public ICatalogGrain Users => Client.GetGrain<ICatalogGrain>(CatalogKind.Users);

    public ICatalogGrain Artists => Client.GetGrain<ICatalogGrain>(CatalogKind.Artists);

    public ITrainingOrchestratorGrain Orchestrator => Client.GetGrain<ITrainingOrchestratorGrain>(Settings.Model);

    public IUserGrain User(string id) => Client.GetGrain<IUserGrain>(id);

    public IArtistGrain Artist(string id) => Client.GetGrain<IArtistGrain>(id);

    /// <summary>The play stream of one user, for publishing <see cref="PlayBatch"/> events.</summary>
    public IAsyncStream<PlayBatch> Plays(string user) =>
        Client.GetStreamProvider(PlayStreams.Provider).GetStream<PlayBatch>(PlayStreams.For(user));

    /// <summary>
    /// Connects, retrying until <see cref="ClusterSettings.ConnectTimeout"/>; <paramref name="giveUp"/> (checked
    /// between attempts) returns a reason to stop early, e.g. that the silo being waited for has exited.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(ClusterSettings settings, CancellationToken cancellationToken, Func<string?>? giveUp = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        string? gaveUpBecause = null;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "musicrecs",
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureQuietLogging(builder.Logging, builder.Services);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
        {
            if (settings.Clustering == ClusterSettings.Azure)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = settings.ServiceId;
                });
                var connectionString = settings.ConnectionString!;
                client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }

            // Plays are published to the users' streams, of the kind the silos host: memory streams, or
            // Azure queues named as the silos name them (a stream's queue is picked from that list).
            if (settings.Streams == ClusterSettings.AzureStreams)
            {
                var queuesConnectionString = settings.StreamsConnectionString!;
                var queues = PlayStreams.QueueNames(settings.ServiceId).ToList();
                client.AddAzureQueueStreams(PlayStreams.Provider, (OptionsBuilder<AzureQueueOptions> options) => options.Configure(o =>
                {
                    o.QueueServiceClient = new QueueServiceClient(queuesConnectionString);
                    o.QueueNames = queues;
                }));
            }
            else
            {
                client.AddMemoryStreams(PlayStreams.Provider);
            }

            if (settings.TlsCertificatePath is { } certificatePath)
            {
                var certificate = ClusterTls.Load(certificatePath, settings.TlsCertificatePassword, "--tls-certificate");
                client.UseTls(certificate, options => ClusterTls.Configure(options, certificate));
            }

            client.UseConnectionRetryFilter(async (exception, token) =>
            {
                lastError = exception;
                gaveUpBecause = giveUp?.Invoke();
                if (gaveUpBecause is not null || clock.Elapsed + RetryDelay >= settings.ConnectTimeout)
                {
                    return false;
                }

                await Task.Delay(RetryDelay, token);
                return true;
            });
        });

        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeout + TimeSpan.FromSeconds(5));
        try
        {
            await host.StartAsync(deadline.Token);
            return new ClusterConnection(host, settings);
        }
        catch (Exception e)
        {
            host.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw Unavailable(settings, gaveUpBecause, lastError ?? e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or ObjectDisposedException)
        {
            // The cluster may be gone already (a stopped silo); nothing is left to release but the host.
        }

        _host.Dispose();
    }

    /// <summary>Warnings and errors only, single-line, all on stderr so stdout stays for results.</summary>
    internal static void ConfigureQuietLogging(ILoggingBuilder logging, IServiceCollection services)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);

        // Failed connection attempts are reported once, as a clear error, not as a stack trace per attempt.
        logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.Error);
        logging.AddFilter("Orleans.Messaging", LogLevel.Error);
        logging.AddFilter("Orleans.OutsideRuntimeClient", LogLevel.Error);
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        // An unreachable membership table is reported once by the command, with its root cause.
        logging.AddFilter("Orleans.Clustering.AzureStorage", LogLevel.None);
        logging.AddFilter("Orleans.AzureUtils", LogLevel.None);
    }

    private static ClusterUnavailableException Unavailable(ClusterSettings settings, string? gaveUpBecause, Exception cause)
    {
        var seconds = settings.ConnectTimeout.TotalSeconds;
        if (settings.Clustering == ClusterSettings.Azure)
        {
            return new ClusterUnavailableException(
                $"no silo reachable through Azure Table clustering (cluster id '{settings.ClusterId}', service id '{settings.ServiceId}') within {seconds:0.#} s: "
                + "start one with 'dotnet run --project Silo -c Release -- --MusicRecs:Clustering:Mode=AzureTable --MusicRecs:Clustering:ConnectionString=...' "
                + $"or check the connection string and ids ({gaveUpBecause ?? RootMessage(cause)})",
                cause);
        }

        var port = settings.GatewayPort;
        var where = $"127.0.0.1:{port}";
        if (gaveUpBecause is not null)
        {
            return new ClusterUnavailableException($"no silo reachable at {where}: {gaveUpBecause}", cause);
        }

        if (IsListening(port))
        {
            return new ClusterUnavailableException(
                $"no silo reachable at {where}: something listens there but refused an Orleans client connection; "
                + $"if it is a silo of another cluster, pass its --cluster-id and --service-id (tried '{settings.ClusterId}' and '{settings.ServiceId}')",
                cause);
        }

        var portArgument = port == ClusterOptionSet.DefaultGatewayPort ? string.Empty : $" -- --MusicRecs:Clustering:GatewayPort={port}";
        return new ClusterUnavailableException(
            $"no silo reachable at {where} (tried for {seconds:0.#} s): start one with 'dotnet run --project Silo -c Release{portArgument}', "
            + "or run 'musicrecs quickstart --keep-running' and pass the --gateway port it prints",
            cause);
    }

    private static string RootMessage(Exception e)
    {
        while (true)
        {
            var next = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e.InnerException;
            if (next is null or SocketException)
            {
                return e.Message;
            }

            e = next;
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var connect = socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return connect.Wait(TimeSpan.FromSeconds(1)) && socket.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return false;
        }
    }
}
