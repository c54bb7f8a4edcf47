using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Tests.Training;

public sealed class ComputeGateTests
{
    [Fact]
    public void The_gate_keeps_a_thread_per_core_beyond_what_its_solves_can_hold()
    {
        _ = new ComputeGate(2);

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= Environment.ProcessorCount * 3, $"thread pool minimum {workers}, want at least {Environment.ProcessorCount * 3}");
    }

    [Fact]
    public void Reserving_never_lowers_the_floor()
    {
        var high = ComputeGate.ReserveThreads(4);

        Assert.Equal(high, ComputeGate.ReserveThreads(1));
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.Equal(high, workers);
    }

    [Fact]
    public async Task A_prepared_input_is_solved_and_its_result_returned()
    {
        var gate = new ComputeGate(1);

        var result = await gate.RunAsync(() => Task.FromResult(20), input => input + 1, CancellationToken.None);

        Assert.Equal(21, result);
    }
}
