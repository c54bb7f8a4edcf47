using System.Globalization;
using System.Text;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>Splits a dataset per user and writes train.tsv and test.tsv (user, artist, count, with header) under the original ids.</summary>
internal static class SplitRunner
{
    public static SplitResult Run(Dataset data, SplitKind kind, double fraction, int seed, string folder, Reporter report)
    {
        var (train, test) = HashSplit.Split(data.Plays, data.Users.Ids, data.Artists.Ids, kind, fraction, seed);
        Directory.CreateDirectory(folder);
        var trainPath = Path.Combine(folder, "train.tsv");
        var testPath = Path.Combine(folder, "test.tsv");
        Write(trainPath, train, data);
        Write(testPath, test, data);
        var testUsers = Enumerable.Range(0, test.Rows).Count(u => test.RowLength(u) > 0);
        var by = Name(kind);
        report.Line($"split by {by} (seed {seed}): {fraction:P0} of each user's artists (users with 5 or more) to test: {train.NonZeros:N0} train rows, {test.NonZeros:N0} test rows over {testUsers:N0} users");
        report.Line($"wrote {trainPath} and {testPath}");
        return new SplitResult(by, seed, fraction, trainPath, testPath, train.NonZeros, test.NonZeros, testUsers);
    }

    public static string Name(SplitKind kind) => kind switch
    {
        SplitKind.Hash => "hash",
        SplitKind.ArtistHash => "artist-hash",
        _ => "random",
    };

    private static void Write(string path, CsrMatrix plays, Dataset data)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("userID\tartistID\tweight");
        for (var u = 0; u < plays.Rows; u++)
        {
            for (var p = plays.RowStarts[u]; p < plays.RowStarts[u + 1]; p++)
            {
                writer.WriteLine($"{data.Users[u]}\t{data.Artists[plays.ColumnIndexes[p]]}\t{plays.Values[p].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
    }
}
