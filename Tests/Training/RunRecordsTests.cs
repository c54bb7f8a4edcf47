using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Training;

namespace MusicRecs.Tests.Training;

/// <summary>The sweep requests a run hands out.</summary>
public sealed class RunRecordsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Only_the_last_half_sweep_of_each_side_lets_the_workers_copies_go(int iterations)
    {
        var options = new TrainingOptions { Factors = 8, Iterations = iterations };
        var s = new TrainingState { RunId = "run", Options = options, Users = 10, Artists = 5 };
        var requests = new List<SweepRequest>();
        for (s.HalfSweepsDone = 0; s.HalfSweepsDone < 2 * iterations; s.HalfSweepsDone++)
        {
            requests.Add(RunRecords.NextSweep("model", s, options));
        }

        Assert.Equal(Enumerable.Range(0, 2 * iterations).Select(h => h % 2 == 0 ? CatalogKind.Users : CatalogKind.Artists), requests.Select(r => r.Side));
        Assert.Equal(Enumerable.Range(0, 2 * iterations).Select(h => h >= (2 * iterations) - 2), requests.Select(r => r.Last));
    }
}
