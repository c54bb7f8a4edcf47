using Microsoft.Extensions.Options;

namespace MusicRecs.Grains.Hosting;

/// <summary>
/// Rejects live settings under which the listener buffer's backpressure can outlast the memory-stream cache.
/// A pulling agent's cache may drop an event once it has been there <see cref="LiveOptions.MemoryStreamCacheMinTime"/>
/// and a newer one is <see cref="LiveOptions.MemoryStreamCacheMaxAge"/> younger; a consumer held by backpressure past
/// that misses it (the stream reports data unavailable and the plays are lost). A hold lasts at most
/// <see cref="LiveOptions.ListenerHoldMaxWait"/>, and the event held also waited for its delivery and for the event
/// before it in its stream, so both cache times must be at least <see cref="CacheMargin"/> times that.
/// </summary>
public sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    /// <summary>Cache time required per unit of the longest hold.</summary>
    public const int CacheMargin = 2;

    public ValidateOptionsResult Validate(string? name, LiveOptions options) =>
        Check(options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;

    /// <summary>The reason the settings are refused, naming the keys, or null when they are fine.</summary>
    public static string? Check(LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string l = LiveOptions.SectionName;
        var hold = options.ListenerHoldMaxWait;
        if (hold <= TimeSpan.Zero)
        {
            return $"{l}:ListenerHoldMaxWait {hold} must be a positive time span (hh:mm:ss.fff).";
        }

        var least = hold * CacheMargin;
        if (options.MemoryStreamCacheMinTime < least || options.MemoryStreamCacheMaxAge < least)
        {
            return $"{l}:MemoryStreamCacheMinTime {options.MemoryStreamCacheMinTime} and {l}:MemoryStreamCacheMaxAge {options.MemoryStreamCacheMaxAge} "
                + $"must both be at least {CacheMargin} x {l}:ListenerHoldMaxWait {hold} = {least}: a play event held back that long by the "
                + "listener buffer could leave the stream cache before it is delivered. Raise the cache times or lower the hold.";
        }

        return null;
    }
}
