using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Client.Offline;

/// <summary>
/// The single-process job: train, evaluate against the most-popular baseline, and show a few users'
/// top artists beside their recommendations (held-out artists marked).
/// </summary>
internal static class DemoRunner
{
    public static DemoResult Run(AlsOptions options, Dataset train, CsrMatrix test, int users, Reporter report)
    {
        var (als, alsResult, popResult, _) = Comparison.Run(options, train.Plays, test, report);
        var samples = ShowUsers(report, train, test, als, users);
        return new DemoResult(alsResult.ToJsonObject(), popResult.ToJsonObject(), samples);
    }

    private static List<DemoSample> ShowUsers(Reporter report, Dataset train, CsrMatrix test, AlsModel model, int count)
    {
        var samples = new List<DemoSample>();
        var scores = new float[model.Artists.Rows];
        var top = new int[10];
        var shown = 0;
        for (var u = 0; u < train.Users.Count && shown < count; u += Math.Max(1, train.Users.Count / Math.Max(1, count)))
        {
            var played = train.Plays.RowIndexes(u).ToArray();
            if (played.Length < 5)
            {
                continue;
            }

            shown++;
            var plays = train.Plays.RowValues(u).ToArray();
            var favourite = Enumerable.Range(0, played.Length).OrderByDescending(t => plays[t]).Take(5).ToArray();
            model.ScoreAll(model.Users.Row(u), scores);
            var n = TopK.Select(scores, played, top);
            var held = test.RowIndexes(u).ToArray();
            report.Line();
            report.Line($"user {train.Users[u]} ({played.Length} artists played)");
            report.Line("  top artists: " + string.Join(", ", favourite.Select(t => $"{train.ArtistName(played[t])} ({plays[t]:N0})")));
            report.Line("  recommended: " + string.Join(", ", top.Take(n).Select(i => held.Contains(i) ? $"{train.ArtistName(i)} [held out]" : train.ArtistName(i))));
            samples.Add(new DemoSample(train.Users[u], [.. favourite.Select(t => train.ArtistName(played[t]))], [.. top.Take(n).Select(train.ArtistName)]));
        }

        return samples;
    }
}
