using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Tests.Training;

public sealed class ComputeGateTests
{
    [Fact]
    public void The_gate_keeps_a_thread_per_core_beyond_what_its_solves_can_hold()
    {
        _ = new ComputeGate(2);

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= 2 * Environment.ProcessorCount, $"thread pool minimum {workers}, want at least {2 * Environment.ProcessorCount}");
        Assert.Equal(workers, ComputeGate.ReserveThreads());
    }

    [Fact]
    public async Task Two_solves_and_their_loops_never_run_on_more_threads_than_cores_and_run_on_the_gates_scheduler()
    {
        var gate = new ComputeGate(2);
        var cores = Environment.ProcessorCount;
        var running = 0;
        var most = 0;
        var schedulers = new List<TaskScheduler>();

        int Solve(int rows)
        {
            lock (schedulers)
            {
                schedulers.Add(TaskScheduler.Current);
            }

            // As the solver's loops do: parallel over all cores, on the scheduler the work runs on.
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = cores, TaskScheduler = TaskScheduler.Current }, _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                // Work that holds its thread, so that workers on other threads overlap and `most` can exceed the cores if
                // the loops escaped the gate's scheduler (4 on 2 cores without it). Nothing here waits for a condition.
                Thread.Sleep(2);
                Interlocked.Decrement(ref running);
            });
            return rows;
        }

        var solves = await Task.WhenAll(
            gate.RunAsync(() => Task.FromResult(200), Solve, CancellationToken.None),
            gate.RunAsync(() => Task.FromResult(100), Solve, CancellationToken.None));

        Assert.Equal([200, 100], solves);
        Assert.All(schedulers, s => Assert.Same(gate.Scheduler, s));
        Assert.InRange(most, 1, cores);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
