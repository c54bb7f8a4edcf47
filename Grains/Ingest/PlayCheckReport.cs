using Microsoft.Extensions.Logging;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Ingest;

/// <summary>What a batch did not apply, counted and said: the first few reasons of a batch, then how many more.</summary>
public static class PlayCheckReport
{
    private const int Shown = 5;

    public static void Log(ILogger logger, string user, PlayCheck check, IngestCounters counters)
    {
        foreach (var problem in check.Problems.Take(Shown))
        {
            logger.LogWarning("User {User}: rejected a play: {Problem}", user, problem);
        }

        if (check.Problems.Count > Shown)
        {
            logger.LogWarning("User {User}: rejected {More} more plays of the same batch", user, check.Problems.Count - Shown);
        }

        foreach (var e in check.TooOld.Take(Shown))
        {
            logger.LogWarning("User {User}: rejected play event {Producer}#{Sequence} as too old: below what this user remembers of its producer, so whether it was applied is unknown", user, e.Producer, e.Sequence);
        }

        counters.Rejected(check.RejectedCount);
        counters.Duplicate(check.Duplicates);
        counters.TooOld(check.TooOld.Count);
    }
}
