using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

public sealed class TunerTests
{
    [Fact]
    public void Mean_and_standard_error_follow_the_textbook_formulas()
    {
        var s = MeanStderr.Of([1.0, 2.0, 4.0]);

        Assert.Equal(7.0 / 3, s.Mean, 12);
        var sd = Math.Sqrt((Math.Pow(1 - (7.0 / 3), 2) + Math.Pow(2 - (7.0 / 3), 2) + Math.Pow(4 - (7.0 / 3), 2)) / 2);
        Assert.Equal(sd / Math.Sqrt(3), s.Stderr, 12);
        Assert.True(double.IsNaN(MeanStderr.Of([0.5]).Stderr));
    }

    [Fact]
    public void Neighbours_are_one_grid_step_away()
    {
        var space = new TuningSpace { Factors = [16, 32] };
        var o = new AlsOptions { Alpha = 8f, Epsilon = 1f, Regularization = 200f };
        var n = new TuningCandidates(o, space).Neighbours(o).ToList();

        Assert.Contains(o with { Alpha = 4f }, n);
        Assert.Contains(o with { Alpha = 16f }, n);
        Assert.Contains(o with { Epsilon = 0.1f }, n);
        Assert.Contains(o with { Epsilon = 10f }, n);
        Assert.Contains(o with { Regularization = 100f }, n);
        Assert.Contains(o with { Regularization = 500f }, n);
        Assert.Contains(o with { Factors = 16 }, n);
        Assert.Equal(8, n.Count);
    }

    [Fact]
    public void Coarse_grid_reaches_the_ends_of_every_range()
    {
        var o = new AlsOptions();
        var coarse = new TuningCandidates(o, new TuningSpace { Schemes = [ConfidenceScheme.Log] }).Coarse().ToList();

        Assert.Contains(coarse, c => c.Alpha == 64f && c.Regularization == 1000f && c.Epsilon == 10f);
        Assert.Contains(coarse, c => c.Alpha == 1f && c.Regularization == 10f && c.Epsilon == 1f);
        Assert.Equal(4 * 2 * 4, coarse.Count);
    }

    [Fact]
    public void Strength_grows_with_lambda_and_falls_with_confidence()
    {
        var plays = RandomPlays.Create(users: 50, artists: 40, maxPerUser: 10, seed: 1);
        var o = new AlsOptions { Alpha = 8f, Epsilon = 1f, Regularization = 200f };

        Assert.True(TuningCandidates.Strength(o with { Regularization = 400f }, plays) > TuningCandidates.Strength(o, plays));
        Assert.True(TuningCandidates.Strength(o with { Alpha = 16f }, plays) < TuningCandidates.Strength(o, plays));
    }

    [Fact]
    public void Tuner_scores_finalists_on_every_draw_and_reports_their_spread()
    {
        var plays = RandomPlays.Create(users: 200, artists: 80, maxPerUser: 25, seed: 9);
        var space = new TuningSpace
        {
            Schemes = [ConfidenceScheme.Log],
            LogAlphas = [1f, 4f],
            Epsilons = [1f],
            CoarseEpsilons = [1f],
            Regularizations = [1f, 10f],
            ScreenIterations = 2,
            Refined = 1,
            Finalists = 2,
            IterationChoices = [2, 3],
        };
        var baseOptions = new AlsOptions { Factors = 4, Iterations = 3, Threads = 1, ComputeLoss = false };

        var result = new Tuner(baseOptions, space, seed: 3, validationFraction: 0.25, folds: 2).Run(plays);

        Assert.Equal(4, result.Folds);
        Assert.True(double.IsFinite(result.Stderr) && result.Stderr >= 0);
        var finals = result.Trials.Where(t => t.Folds == 4).ToList();
        Assert.Contains(finals, t => t.Options == result.Best && Math.Abs(t.ValidationNdcg - result.BestValidationNdcg) < 1e-12);
        Assert.Contains(finals, t => t.Options == baseOptions);
        Assert.Contains(finals, t => t.Options == baseOptions with { Iterations = 2 });
        Assert.True(result.Trials.Count(t => t.Folds == 2) >= 4, "the coarse grid is screened on one draw of each kind");
    }
}
