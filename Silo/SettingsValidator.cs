using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Silo;

/// <summary>A configuration value the silo cannot run with; the message names the setting.</summary>
public sealed class SiloConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads the <c>MusicRecs</c> section, rejects unknown keys and bad values, and normalises the modes.</summary>
public static class SettingsValidator
{
    public static SiloSettings Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(SiloSettings.SectionName);
        RejectUnknownKeys(section, typeof(SiloSettings));
        SiloSettings settings;
        try
        {
            settings = section.Get<SiloSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new SiloSettings();
        }
        catch (InvalidOperationException e)
        {
            throw new SiloConfigurationException($"Bad {SiloSettings.SectionName} configuration: {Flatten(e)}", e);
        }

        Validate(settings);
        return settings;
    }

    public static void Validate(SiloSettings settings)
    {
        const string c = "MusicRecs:Clustering";
        const string s = "MusicRecs:Storage";
        var clustering = settings.Clustering;
        var storage = settings.Storage;

        clustering.Mode = OneOf($"{c}:Mode", clustering.Mode, ClusteringSettings.Localhost, ClusteringSettings.AzureTable);
        storage.Mode = OneOf($"{s}:Mode", storage.Mode, StorageSettings.Memory, StorageSettings.Azure);
        storage.BlobSerializer = OneOf($"{s}:BlobSerializer", storage.BlobSerializer, StorageSettings.OrleansSerializer, StorageSettings.JsonSerializer);

        Required($"{c}:ClusterId", clustering.ClusterId);
        Required($"{c}:ServiceId", clustering.ServiceId);
        Port($"{c}:SiloPort", clustering.SiloPort);
        Port($"{c}:GatewayPort", clustering.GatewayPort);
        Port($"{c}:PrimarySiloPort", clustering.PrimarySiloPort);
        if (clustering.SiloPort == clustering.GatewayPort)
        {
            throw new SiloConfigurationException($"{c}:SiloPort and {c}:GatewayPort are both {clustering.SiloPort}: they must differ.");
        }

        if (clustering.Mode == ClusteringSettings.AzureTable)
        {
            Required($"{c}:ConnectionString", clustering.ConnectionString, $"when {c}:Mode is {ClusteringSettings.AzureTable}");
            Parses($"{c}:ConnectionString", () => new TableServiceClient(clustering.ConnectionString));
            if (!IPAddress.TryParse(clustering.AdvertisedIP, out _))
            {
                throw new SiloConfigurationException($"{c}:AdvertisedIP '{clustering.AdvertisedIP}' is not an IP address.");
            }
        }

        if (storage.Mode == StorageSettings.Azure)
        {
            Required($"{s}:ConnectionString", storage.ConnectionString, $"when {s}:Mode is {StorageSettings.Azure}");
            Parses($"{s}:ConnectionString", () => new TableServiceClient(storage.ConnectionString));
            Parses($"{s}:ConnectionString", () => new BlobServiceClient(storage.ConnectionString));
        }

        const string q = "MusicRecs:Streams";
        var streams = settings.Streams;
        streams.Mode = OneOf($"{q}:Mode", streams.Mode, StreamsSettings.Memory, StreamsSettings.AzureQueue);
        if (streams.Mode == StreamsSettings.AzureQueue)
        {
            if (string.IsNullOrWhiteSpace(streams.ConnectionString) && storage.Mode == StorageSettings.Azure)
            {
                streams.ConnectionString = storage.ConnectionString;
            }

            Required($"{q}:ConnectionString", streams.ConnectionString, $"when {q}:Mode is {StreamsSettings.AzureQueue} and {s}:Mode is not {StorageSettings.Azure}");
            Parses($"{q}:ConnectionString", () => new QueueServiceClient(streams.ConnectionString));
        }

        ValidateTls(settings.Tls);
        ValidateLive(settings.Live);
        ValidateTraining(settings.Training);
        Http.HttpSettingsValidator.Validate(settings.Http);
    }

    /// <summary>With TLS on, the certificate must load now: a silo that cannot present it would start and then fail every connection.</summary>
    private static void ValidateTls(TlsSettings tls)
    {
        const string t = "MusicRecs:Tls";
        if (!tls.Enabled)
        {
            return;
        }

        Required($"{t}:CertificatePath", tls.CertificatePath, $"when {t}:Enabled is true");
        try
        {
            ClusterTls.Load(tls.CertificatePath!, tls.CertificatePassword, $"{t}:CertificatePath").Dispose();
        }
        catch (CertificateException e)
        {
            throw new SiloConfigurationException(e.Message, e);
        }
    }

    private static void ValidateLive(LiveOptions live)
    {
        const string l = LiveOptions.SectionName;
        Positive($"{l}:ListenerFlushPeriod", live.ListenerFlushPeriod);
        Between($"{l}:ListenerFlushEntries", live.ListenerFlushEntries, 1, 100_000_000);
        Between($"{l}:ListenerCallsInFlight", live.ListenerCallsInFlight, 1, 10_000);
        Between($"{l}:ListenerHoldLimit", live.ListenerHoldLimit, 1, 1_000_000_000);
        if (live.ListenerHoldLimit < live.ListenerFlushEntries)
        {
            throw new SiloConfigurationException($"{l}:ListenerHoldLimit {live.ListenerHoldLimit} is below {l}:ListenerFlushEntries {live.ListenerFlushEntries}: plays would wait for a flush that the buffer never starts early.");
        }

        Positive($"{l}:DeltaFlushPeriod", live.DeltaFlushPeriod);
        Positive($"{l}:PublishedModelMaxAge", live.PublishedModelMaxAge);
        Positive($"{l}:OverlayPatchAge", live.OverlayPatchAge);
        Positive($"{l}:MemoryStreamPollPeriod", live.MemoryStreamPollPeriod);
        Positive($"{l}:MemoryStreamCacheMinTime", live.MemoryStreamCacheMinTime);
        Positive($"{l}:MemoryStreamCacheMaxAge", live.MemoryStreamCacheMaxAge);
        if (live.MemoryStreamCacheMaxAge < live.MemoryStreamCacheMinTime)
        {
            throw new SiloConfigurationException($"{l}:MemoryStreamCacheMaxAge {live.MemoryStreamCacheMaxAge} is below {l}:MemoryStreamCacheMinTime {live.MemoryStreamCacheMinTime}.");
        }

        Positive($"{l}:ListenerHoldMaxWait", live.ListenerHoldMaxWait);
        if (live.HeapCompactionGrowth != 0 && !(live.HeapCompactionGrowth >= 1.1 && live.HeapCompactionGrowth <= 100))
        {
            throw new SiloConfigurationException($"{l}:HeapCompactionGrowth {live.HeapCompactionGrowth} is neither 0 (off) nor between 1.1 and 100.");
        }

        Between($"{l}:HeapCompactionFloorMegabytes", live.HeapCompactionFloorMegabytes, 64, 1_048_576);

        if (LiveOptionsValidator.Check(live) is { } failure)
        {
            throw new SiloConfigurationException(failure);
        }

        Positive($"{l}:AzureQueuePollPeriod", live.AzureQueuePollPeriod);
        Between($"{l}:DedupeWindow", live.DedupeWindow, 1, 10_000_000);
        Between($"{l}:RefreshMaxListeners", live.RefreshMaxListeners, 1, 100_000_000);
        Between($"{l}:RefreshRowCacheRows", live.RefreshRowCacheRows, 0, 100_000_000);
        Between($"{l}:FactorFanOut", live.FactorFanOut, 0, 100_000_000);
        Positive($"{l}:ProducerMaxIdle", live.ProducerMaxIdle);
    }

    private static void ValidateTraining(TrainingRuntimeOptions training)
    {
        const string t = TrainingRuntimeOptions.SectionName;
        Between($"{t}:BlockAttempts", training.BlockAttempts, 1, 100);
        Between($"{t}:ComputeSlots", training.ComputeSlots, 1, 64);
        if (training.BlockRetryDelay < TimeSpan.Zero)
        {
            throw new SiloConfigurationException($"{t}:BlockRetryDelay {training.BlockRetryDelay} is negative.");
        }

        if (training.ReplacedSnapshotGrace < TimeSpan.Zero)
        {
            throw new SiloConfigurationException($"{t}:ReplacedSnapshotGrace {training.ReplacedSnapshotGrace} is negative.");
        }

        if (TrainingRuntimeOptionsValidator.Check(training) is { } failure)
        {
            throw new SiloConfigurationException(failure);
        }
    }

    private static void Positive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new SiloConfigurationException($"{key} {value} must be a positive time span (hh:mm:ss.fff).");
        }
    }

    private static void Between(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new SiloConfigurationException($"{key} {value} is out of range: it must be between {min} and {max}.");
        }
    }

    /// <summary>A misspelt key would otherwise be ignored silently: name it with its full path.</summary>
    private static void RejectUnknownKeys(IConfigurationSection section, Type type)
    {
        var properties = type.GetProperties().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                throw new SiloConfigurationException($"{child.Path} is not a known setting; {section.Path} has: {string.Join(", ", properties.Keys)}.");
            }

            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                RejectUnknownKeys(child, property.PropertyType);
            }
        }
    }

    private static string OneOf(string key, string? value, params string[] allowed)
    {
        var match = allowed.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new SiloConfigurationException($"{key} '{value}' is not one of: {string.Join(", ", allowed)}.");
    }

    private static void Required(string key, string? value, string? when = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SiloConfigurationException($"{key} is required{(when is null ? "" : " " + when)}.");
        }
    }

    /// <summary>The Azure clients parse a connection string when built: fail here, by name, rather than mid-start.</summary>
    private static void Parses(string key, Func<object> client)
    {
        try
        {
            client();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new SiloConfigurationException($"{key} is not a usable Azure Storage connection string: {e.Message}", e);
        }
    }

    private static void Port(string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new SiloConfigurationException($"{key} {port} is not a port number (1-65535).");
        }
    }

    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            messages.Add(x.Message);
        }

        return string.Join(" ", messages.Distinct());
    }
}
