using System.CommandLine;

namespace MusicRecs.Client.Connection;

/// <summary>
/// Where the cluster commands find the cluster: a silo's gateway on this machine (default, port 30000)
/// or Azure Table clustering. The connection string and cluster id also come from
/// MUSICRECS_CONNECTION_STRING and MUSICRECS_CLUSTER_ID when not given on the command line.
/// </summary>
internal sealed class ClusterOptionSet
{
    public const int DefaultGatewayPort = 30000;
    public const string DefaultId = "musicrecs";
    public const string DefaultModel = "default";
    public const string ConnectionStringVariable = "MUSICRECS_CONNECTION_STRING";
    public const string ClusterIdVariable = "MUSICRECS_CLUSTER_ID";
    public const string ServiceIdVariable = "MUSICRECS_SERVICE_ID";
    public const string TlsCertificateVariable = "MUSICRECS_TLS_CERTIFICATE";
    public const string TlsPasswordVariable = "MUSICRECS_TLS_PASSWORD";

    public Option<int?> Gateway { get; } = new("--gateway") { Description = $"Gateway port of a silo on this machine (localhost clustering). Default {DefaultGatewayPort}." };

    public Option<string?> Clustering { get; } = new("--clustering") { Description = "localhost (default) or azure (Azure Table membership; default when a connection string is set and --gateway is not)." };

    public Option<string?> ConnectionString { get; } = new("--connection-string") { Description = $"Azure Storage connection string of the membership table (or {ConnectionStringVariable})." };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = $"Cluster id (or {ClusterIdVariable}; default '{DefaultId}')." };

    public Option<string?> ServiceId { get; } = new("--service-id") { Description = $"Service id (or {ServiceIdVariable}; default '{DefaultId}')." };

    public Option<string?> TlsCertificate { get; } = new("--tls-certificate") { Description = $"PFX of the cluster's TLS certificate, for silos with MusicRecs:Tls:Enabled (or {TlsCertificateVariable}); the client presents it and accepts only gateways that present the same one." };

    public Option<string?> TlsPassword { get; } = new("--tls-certificate-password") { Description = $"Password of the --tls-certificate PFX (or {TlsPasswordVariable})." };

    public Option<string?> Streams { get; } = new("--streams") { Description = "How play, replay and bench publish plays: memory (default; the silo's in-memory streams) or azure (Azure Queue streams, for silos with MusicRecs:Streams:Mode=AzureQueue)." };

    public Option<string?> StreamsConnectionString { get; } = new("--streams-connection-string") { Description = $"Azure Storage connection string of the play queues (--streams azure; default: --connection-string or {ConnectionStringVariable})." };

    public Option<double> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Seconds to keep trying to reach the cluster before giving up (default 15).", DefaultValueFactory = _ => 15 };

    public Option<string> Model { get; } = new("--model") { Description = $"Model name (default '{DefaultModel}').", DefaultValueFactory = _ => DefaultModel };

    private bool _withModel;

    public ClusterOptionSet()
    {
        Clustering.AcceptOnlyFromAmong(ClusterSettings.Localhost, ClusterSettings.Azure);
        Streams.AcceptOnlyFromAmong(ClusterSettings.MemoryStreams, ClusterSettings.AzureStreams);
    }

    public void AddTo(Command command, bool withModel = false)
    {
        foreach (var o in new Option[] { Gateway, Clustering, ConnectionString, ClusterId, ServiceId, Streams, StreamsConnectionString, ConnectTimeout, TlsCertificate, TlsPassword })
        {
            command.Options.Add(o);
        }

        if (withModel)
        {
            _withModel = true;
            command.Options.Add(Model);
        }
    }

    /// <summary>The settings, checked: throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public ClusterSettings Resolve(ParseResult parse)
    {
        var gateway = parse.GetValue(Gateway);
        var connectionString = NonEmpty(parse.GetValue(ConnectionString)) ?? NonEmpty(Environment.GetEnvironmentVariable(ConnectionStringVariable));
        var clustering = parse.GetValue(Clustering)
            ?? (gateway is null && connectionString is not null ? ClusterSettings.Azure : ClusterSettings.Localhost);
        var clusterId = NonEmpty(parse.GetValue(ClusterId)) ?? NonEmpty(Environment.GetEnvironmentVariable(ClusterIdVariable)) ?? DefaultId;
        var serviceId = NonEmpty(parse.GetValue(ServiceId)) ?? NonEmpty(Environment.GetEnvironmentVariable(ServiceIdVariable)) ?? DefaultId;
        var (tlsCertificate, tlsPassword) = ResolveTls(parse);
        var model = _withModel ? parse.GetValue(Model) ?? DefaultModel : DefaultModel;

        if (gateway is { } port && port is < 1 or > 65535)
        {
            throw new ArgumentException($"--gateway {port} is not a port: it must be between 1 and 65535.");
        }

        var timeout = parse.GetValue(ConnectTimeout);
        if (!double.IsFinite(timeout) || timeout is < 0.5 or > 3600)
        {
            throw new ArgumentException($"--connect-timeout {timeout} is out of range: it must be between 0.5 and 3600 seconds.");
        }

        if (clustering == ClusterSettings.Azure)
        {
            if (connectionString is null)
            {
                throw new ArgumentException($"--clustering azure needs --connection-string or {ConnectionStringVariable}.");
            }

            if (gateway is not null)
            {
                throw new ArgumentException("--gateway applies to localhost clustering only; Azure Table clustering finds the gateways itself.");
            }
        }

        var (streams, streamsConnectionString) = ResolveStreams(parse, connectionString, "--connection-string", ConnectionStringVariable);

        if (string.IsNullOrWhiteSpace(model) || model.Contains('/'))
        {
            throw new ArgumentException($"--model '{model}' is not a model name: it must be non-empty and without '/'.");
        }

        return new ClusterSettings
        {
            Clustering = clustering,
            GatewayPort = gateway ?? DefaultGatewayPort,
            ConnectionString = clustering == ClusterSettings.Azure ? connectionString : null,
            ClusterId = clusterId,
            ServiceId = serviceId,
            Model = model,
            Streams = streams,
            StreamsConnectionString = streamsConnectionString,
            ConnectTimeout = TimeSpan.FromSeconds(timeout),
            TlsCertificatePath = tlsCertificate,
            TlsCertificatePassword = tlsPassword,
        };
    }

    /// <summary>The TLS certificate and its password, loaded once here so that a bad file fails before connecting.</summary>
    private (string? Path, string? Password) ResolveTls(ParseResult parse)
    {
        var path = NonEmpty(parse.GetValue(TlsCertificate)) ?? NonEmpty(Environment.GetEnvironmentVariable(TlsCertificateVariable));
        var password = NonEmpty(parse.GetValue(TlsPassword)) ?? NonEmpty(Environment.GetEnvironmentVariable(TlsPasswordVariable));
        if (path is null)
        {
            return password is null || NonEmpty(parse.GetValue(TlsPassword)) is null
                ? (null, null)
                : throw new ArgumentException("--tls-certificate-password needs --tls-certificate.");
        }

        try
        {
            MusicRecs.Grains.Hosting.ClusterTls.Load(path, password, "--tls-certificate").Dispose();
        }
        catch (MusicRecs.Grains.Hosting.CertificateException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        return (Path.GetFullPath(path), password);
    }

    /// <summary>
    /// Only <c>--streams</c> and <c>--streams-connection-string</c>, for commands that start their own silo
    /// (<c>bench ingest</c>) and so take no clustering options.
    /// </summary>
    public void AddStreamsTo(Command command)
    {
        Streams.Description = "How the plays travel: memory (default; the silo's in-memory streams) or azure (Azure Queue streams, which the silo started here then reads).";
        StreamsConnectionString.Description = $"Azure Storage connection string of the play queues (--streams azure; default: {ConnectionStringVariable}).";
        command.Options.Add(Streams);
        command.Options.Add(StreamsConnectionString);
    }

    /// <summary>
    /// <c>--streams</c> and the queues' connection string (<see cref="ClusterSettings.AzureStreams"/> only; else null):
    /// <c>--streams-connection-string</c>, else <paramref name="fallback"/> (where it came from is
    /// <paramref name="fallbackNames"/>, for the error). Throws <see cref="ArgumentException"/> naming the option at fault.
    /// </summary>
    public (string Streams, string? ConnectionString) ResolveStreams(ParseResult parse, string? fallback, params string[] fallbackNames)
    {
        var streams = parse.GetValue(Streams) ?? ClusterSettings.MemoryStreams;
        var connectionString = NonEmpty(parse.GetValue(StreamsConnectionString));
        if (streams != ClusterSettings.AzureStreams)
        {
            return connectionString is null
                ? (streams, null)
                : throw new ArgumentException("--streams-connection-string applies to --streams azure only.");
        }

        connectionString ??= NonEmpty(fallback);
        if (connectionString is null)
        {
            string[] names = ["--streams-connection-string", .. fallbackNames];
            throw new ArgumentException($"--streams azure needs {string.Join(", ", names[..^1])} or {names[^1]}.");
        }

        try
        {
            _ = new Azure.Storage.Queues.QueueServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"--streams azure: the queues' connection string is not a usable Azure Storage connection string: {e.Message}", e);
        }

        return (streams, connectionString);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
