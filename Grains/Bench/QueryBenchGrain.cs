using System.Diagnostics;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Grains.Bench;

/// <summary>
/// Times recommend, similar and explain calls from inside a silo. Callers are async loops on this
/// activation that take the next query number in turn; each call is timed on its own, so a call's latency
/// includes its queueing at the called grain but not the client hop.
/// </summary>
public sealed class QueryBenchGrain : Grain, IQueryBenchGrain
{
    public const int MaxQueries = 10_000_000;
    public const int MaxCallers = 4096;

    public Task<QueryLatencies> Recommend(ImmutableArray<string> users, int count, int queries, int callers)
    {
        Check(users.Length, "users", queries, callers);
        var factory = GrainFactory;
        var request = new RecommendRequest { Count = count };
        return MeasureAsync(queries, callers, async i =>
        {
            var answer = await factory.GetGrain<IUserGrain>(users[i % users.Length]).RecommendWith(request);
            return answer.Source == RecommendationSource.Model;
        });
    }

    public Task<QueryLatencies> Similar(ImmutableArray<string> artists, int count, int queries)
    {
        Check(artists.Length, "artists", queries, 1);
        var factory = GrainFactory;
        return MeasureAsync(queries, 1, async i =>
        {
            var answer = await factory.GetGrain<IArtistGrain>(artists[i % artists.Length]).Similar(count);
            return answer.ModelVersion > 0;
        });
    }

    public Task<QueryLatencies> Explain(ImmutableArray<string> users, ImmutableArray<int> artists, int count, int queries)
    {
        Check(users.Length, "users", queries, 1);
        Check(artists.Length, "artists", queries, 1);
        var factory = GrainFactory;
        return MeasureAsync(queries, 1, async i =>
        {
            var answer = await factory.GetGrain<IUserGrain>(users[i % users.Length]).Explain(artists[i % artists.Length], count);
            return answer.ModelVersion > 0;
        });
    }

    public Task<int> ProcessorCount() => Task.FromResult(Environment.ProcessorCount);

    public Task<string> ScoringKernel() => Task.FromResult(QuantizedFactors.Kernel.ToString().ToLowerInvariant());

    public Task<TimeSpan> JitTime() => Task.FromResult(System.Runtime.JitInfo.GetCompilationTime());

    private static void Check(int ids, string what, int queries, int callers)
    {
        if (ids == 0)
        {
            throw new ArgumentException($"No {what} to query.");
        }

        if (queries is < 1 or > MaxQueries)
        {
            throw new ArgumentOutOfRangeException(nameof(queries), queries, $"Queries must be between 1 and {MaxQueries}.");
        }

        if (callers is < 1 or > MaxCallers)
        {
            throw new ArgumentOutOfRangeException(nameof(callers), callers, $"Callers must be between 1 and {MaxCallers}.");
        }
    }

    /// <summary>Runs <paramref name="queries"/> calls with <paramref name="callers"/> in flight; a call returns whether the model answered.</summary>
    private static async Task<QueryLatencies> MeasureAsync(int queries, int callers, Func<int, Task<bool>> call)
    {
        var micros = new double[queries];
        var next = -1;
        var failures = 0;
        var modelAnswers = 0;
        string? firstFailure = null;

        async Task CallerAsync()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= queries)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    if (await call(i))
                    {
                        Interlocked.Increment(ref modelAnswers);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failed query is a number in the result, not the end of the run.
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }

                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(callers, queries)).Select(_ => CallerAsync()));
        var seconds = clock.Elapsed.TotalSeconds;

        Array.Sort(micros);
        return new QueryLatencies(
            queries,
            Math.Min(callers, queries),
            seconds,
            Percentile(micros, 0.50),
            Percentile(micros, 0.99),
            micros.Average(),
            micros[^1],
            failures,
            modelAnswers,
            firstFailure);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
