using Microsoft.Extensions.Options;

namespace MusicRecs.Grains.Hosting;

/// <summary>Rejects catalog partition settings that cannot lay out a catalog.</summary>
public sealed class TrainingRuntimeOptionsValidator : IValidateOptions<TrainingRuntimeOptions>
{
    /// <summary>Most lookup partitions per catalog: each is a grain every registration batch may call.</summary>
    public const int MaxLookupPartitions = 65_536;

    public ValidateOptionsResult Validate(string? name, TrainingRuntimeOptions options) =>
        Check(options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;

    /// <summary>The reason the settings are refused, naming the key, or null when they are fine.</summary>
    public static string? Check(TrainingRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string t = TrainingRuntimeOptions.SectionName;
        if (options.CatalogPartitionRows < 1)
        {
            return $"{t}:CatalogPartitionRows {options.CatalogPartitionRows} must be at least 1 (rows per catalog range partition).";
        }

        if (options.CatalogLookupPartitions is < 1 or > MaxLookupPartitions)
        {
            return $"{t}:CatalogLookupPartitions {options.CatalogLookupPartitions} must be between 1 and {MaxLookupPartitions} (lookup partitions per catalog).";
        }

        return null;
    }
}
