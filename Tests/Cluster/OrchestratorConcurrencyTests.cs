using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Tests.Faults;

namespace MusicRecs.Tests.Cluster;

/// <summary>Starts, cancels and the training loop change a model's run state one at a time.</summary>
public sealed class OrchestratorConcurrencyTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 600, Artists = 150, MedianArtistsPerUser = 6, Seed = 5 }).Generate();

    // Long enough that it is still running whenever the test acts on it.
    private static readonly TrainingOptions Endless = new() { Factors = 8, Iterations = 5_000, Seed = 1 };

    private static string NewModel() => $"m{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task Eight_concurrent_starts_give_one_run_and_seven_already_training_answers()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data);
        var model = NewModel();
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>(model);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (Status: await orchestrator.Start(Endless), Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Status: (TrainingStatus?)null, Error: e);
            }
        }));

        var started = Assert.Single(outcomes, o => o.Status is not null).Status!;
        var refused = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, e =>
        {
            Assert.IsType<InvalidOperationException>(e);
            Assert.Contains($"'{model}' is already training", e.Message);
            Assert.Contains(started.RunId, e.Message);
        });

        var status = await orchestrator.GetStatus();
        Assert.Equal(started.RunId, status.RunId);
        Assert.True(status.IsRunning, $"{status.Phase}: {status.Error}");
        Assert.Equal(TrainingPhase.Cancelled, (await orchestrator.Cancel()).Phase);
    }

    [Fact]
    public async Task A_cancel_during_a_sweep_stays_cancelled_in_storage()
    {
        await using var harness = await ClusterHarness.StartAsync(2, faultyStorage: true);
        await harness.ImportAsync(Data);
        var model = NewModel();
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>(model);

        // Every write of the run state, in the order they landed; writes take 20 ms, as real storage does, so a
        // cancel can arrive while the loop is writing a completed half-sweep.
        var faults = harness.Faults(StorageNames.Training);
        var written = new ConcurrentQueue<(string RunId, TrainingPhase Phase, int HalfSweeps)>();
        faults.Stored = (_, grain, s) =>
        {
            if (grain.ToString().Contains(model, StringComparison.Ordinal) && s is TrainingState t)
            {
                written.Enqueue((t.RunId, t.Phase, t.HalfSweepsDone));
            }
        };
        faults.Options = new FaultOptions { WriteDelay = TimeSpan.FromMilliseconds(20) };

        var runs = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            // A start waits for the previous run's loop to end, so every write that run's loop makes has landed.
            var run = (await orchestrator.Start(Endless)).RunId;
            runs.Add(run);
            await Eventually.TrueAsync(async () => (await orchestrator.GetStatus()).HalfSweepsDone > round % 3, TimeSpan.FromSeconds(60), $"run {run} to complete {(round % 3) + 1} half-sweeps");
            var cancelled = await orchestrator.Cancel();
            Assert.Equal(TrainingPhase.Cancelled, cancelled.Phase);
            Assert.Equal(run, cancelled.RunId);
        }

        await orchestrator.Start(Endless);
        await orchestrator.Cancel();

        var log = written.ToList();
        foreach (var run in runs)
        {
            var own = log.Where(w => w.RunId == run).ToList();
            Assert.True(own.Count >= 2, $"run {run}: {own.Count} writes");
            Assert.Equal(TrainingPhase.Cancelled, own[^1].Phase);
            Assert.Single(own, w => w.Phase == TrainingPhase.Cancelled);
            Assert.DoesNotContain(own, w => w.Phase == TrainingPhase.Failed);
        }

        // The last write of all is the last run's cancellation.
        var last = log[^1];
        Assert.Equal(TrainingPhase.Cancelled, last.Phase);
        Assert.Equal(last.RunId, (await orchestrator.GetStatus()).RunId);
    }

    [Fact]
    public async Task A_start_answers_without_waiting_for_a_flush_and_the_run_flushes_at_its_start_and_before_its_first_artist_half_sweep()
    {
        var barriers = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ClusterHarness.StartAsync(2, configureSilo: silo =>
        {
            silo.Services.AddSingleton<ListenerFlushClient>();
            silo.Services.AddSingleton<IListenerFlushClient>(sp => new CountingFlushClient(sp.GetRequiredService<ListenerFlushClient>(), () => Interlocked.Increment(ref barriers), gate.Task));
        });
        await harness.ImportAsync(Data);
        var model = NewModel();
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>(model);

        // Every flush is held: the start still answers, and the run waits at its first barrier.
        var started = await orchestrator.Start(Endless with { Iterations = 3 });
        Assert.Equal(TrainingPhase.UserSweep, started.Phase);
        Assert.Equal(0, started.HalfSweepsDone);
        Assert.Equal(0, Volatile.Read(ref barriers));

        gate.SetResult();
        var status = await harness.WaitForTrainingAsync(model);
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        Assert.Equal(6, status.HalfSweepsDone);
        Assert.Equal(2, Volatile.Read(ref barriers));
    }
}
