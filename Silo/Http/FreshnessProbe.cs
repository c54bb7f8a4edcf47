using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Play-to-fresh latency of real traffic: at most once a second, one play accepted by <c>POST /api/plays</c> is
/// followed from the moment it is handed to the stream until its user's history shows it (the user grain folds
/// in on the same apply, so the next recommendation reflects it then). One probe at a time; a play that never
/// shows (a duplicate id) is given up after <see cref="GiveUp"/> and not recorded.
/// </summary>
public sealed class FreshnessProbe
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    private readonly IGrainFactory _grains;
    private readonly ILogger<FreshnessProbe> _logger;
    private readonly Histogram<double> _fresh;
    private long _last;
    private int _busy;

    public FreshnessProbe(IGrainFactory grains, IMeterFactory meters, ILogger<FreshnessProbe> logger)
    {
        _grains = grains;
        _logger = logger;
        _fresh = meters.Create(HttpMetrics.MeterName).CreateHistogram<double>(
            "musicrecs.play_to_fresh.duration", "s", "From a play accepted over HTTP to its user's history and recommendations reflecting it (sampled).");
    }

    /// <summary>The most recent latency seen, in milliseconds (null before the first).</summary>
    public double? LastMilliseconds { get; private set; }

    /// <summary>
    /// Called before the plays are published: when a probe is due, reads the user's current count of the artist
    /// and returns the probe to start once published; otherwise null (no grain call made).
    /// </summary>
    public async Task<Func<Task>?> PrepareAsync(string user, string artist, float count)
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _last), now) < Every || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return null;
        }

        Interlocked.Exchange(ref _last, now);
        try
        {
            var grain = _grains.GetGrain<IUserGrain>(user);
            var index = await ArtistIndexAsync(artist);
            var before = index < 0 ? 0f : CountOf(await grain.GetHistory(), index);
            return () => FollowAsync(grain, artist, index, before + count);
        }
        catch
        {
            Volatile.Write(ref _busy, 0);
            throw;
        }
    }

    /// <summary>Frees the probe slot when the prepared probe's plays could not be published.</summary>
    public void Abandon() => Volatile.Write(ref _busy, 0);

    private async Task FollowAsync(IUserGrain grain, string artist, int index, float target)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < GiveUp)
            {
                if (index < 0)
                {
                    index = await ArtistIndexAsync(artist);
                }

                if (index >= 0 && CountOf(await grain.GetHistory(), index) >= target * 0.999f)
                {
                    _fresh.Record(clock.Elapsed.TotalSeconds);
                    LastMilliseconds = clock.Elapsed.TotalMilliseconds;
                    return;
                }

                await Task.Delay(2);
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            _logger.LogDebug(e, "Freshness probe gave up");
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<int> ArtistIndexAsync(string artist) =>
        (await _grains.GetGrain<ICatalogGrain>(CatalogKind.Artists).Lookup([artist]))[0];

    private static float CountOf(UserHistory history, int artist)
    {
        foreach (var p in history.Plays)
        {
            if (p.Artist == artist)
            {
                return p.Count;
            }
        }

        return 0f;
    }
}
