using System.Diagnostics;
using System.Runtime;
using MusicRecs.Client.Http;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Bench;

/// <summary>
/// Warms the HTTP path of <c>bench http</c> until tiered compilation has settled: rounds of requests at
/// <see cref="HttpBenchRunner.Concurrency"/> callers and at one, until the silo's and this process's JIT together
/// spent less than <see cref="SettledShare"/> of a round's wall time compiling. Until then the JIT replaces the quick
/// first code of thousands of methods (the import and training paths, ASP.NET Core, Orleans, the HTTP client) on a
/// background thread that competes with the timed requests for the machine's cores: on lastfm-2k a fixed warm-up
/// left the silo compiling about 4,900 methods during the 20,000 timed requests at one caller.
/// </summary>
internal static class HttpWarmup
{
    /// <summary>Compilation time over wall time of a round below which the JIT counts as settled.</summary>
    public const double SettledShare = 0.02;

    public const int MaxRounds = 40;

    private const int ParallelRequests = 2_000;
    private const int SequentialRequests = 1_000;

    /// <summary>The warm-up gives up waiting after this long and the timing starts anyway (the JSON says how settled it was).</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(60);

    public static async Task<(int Rounds, double Seconds, double JitShare)> RunAsync(Uri web, IReadOnlyList<string> paths, IQueryBenchGrain bench, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        double share;
        do
        {
            var silo = await bench.JitTime();
            var client = JitInfo.GetCompilationTime();
            var round = Stopwatch.StartNew();
            await HttpLoad.RunAsync(web, paths, ParallelRequests, HttpBenchRunner.Concurrency, ct);
            await HttpLoad.RunAsync(web, paths, SequentialRequests, 1, ct);
            var wall = round.Elapsed;
            var compiling = (await bench.JitTime() - silo) + (JitInfo.GetCompilationTime() - client);
            share = compiling / wall;
            rounds++;
        }
        while (share >= SettledShare && rounds < MaxRounds && clock.Elapsed < MaxTime);

        return (rounds, clock.Elapsed.TotalSeconds, share);
    }
}
