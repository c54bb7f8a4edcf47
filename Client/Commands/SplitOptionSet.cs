using System.CommandLine;
using MusicRecs.Client.Output;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Commands;

/// <summary>
/// A train/test pair: either given as --train/--test files, or a seeded per-user holdout of --data
/// (or of the embedded dataset).
/// </summary>
internal sealed class SplitOptionSet
{
    public DataOptionSet Data { get; } = new();

    public Option<string?> Train { get; } = new("--train") { Description = "Training file (with --test instead of --data)." };

    public Option<string?> Test { get; } = new("--test") { Description = "Test file over the same ids as --train." };

    public Option<double> TestFraction { get; } = new("--test-fraction") { Description = "Share of each user's artists held out when splitting --data.", DefaultValueFactory = _ => 0.2 };

    public Option<int> SplitSeed { get; } = new("--split-seed") { Description = "Seed of the holdout split.", DefaultValueFactory = _ => 42 };

    public void AddTo(Command command)
    {
        Data.AddTo(command);
        command.Options.Add(Train);
        command.Options.Add(Test);
        command.Options.Add(TestFraction);
        command.Options.Add(SplitSeed);
    }

    public (Dataset Train, CsrMatrix Test) Load(ParseResult parse, Reporter report)
    {
        var train = parse.GetValue(Train);
        var test = parse.GetValue(Test);
        if ((train is null) != (test is null))
        {
            throw new ArgumentException("--train and --test go together: give both, or neither and --data.");
        }

        if (train is not null && parse.GetValue(Data.Data) is not null)
        {
            throw new ArgumentException("Give either --data (split into train and test) or --train with --test, not both.");
        }

        if (train is not null && test is not null)
        {
            var pair = DatasetLoader.LoadPair(train, test, Data.LoadOptions(parse), new RowProgress("train+test"));
            report.Line($"data: train {train} ({pair.TrainRows:N0} rows), test {test} ({pair.TestRows:N0} rows): {DataOptionSet.Summary(pair.Train)}");
            DataOptionSet.ReportSkipped(report, pair.BadRows, pair.FirstBadRows);
            return (pair.Train, pair.Test);
        }

        var all = Data.Load(parse, report);
        var fraction = parse.GetValue(TestFraction);
        var (trainPlays, testPlays) = Holdout.Split(all.Plays, fraction, 5, parse.GetValue(SplitSeed));
        report.Line($"split: {fraction:P0} of each user's artists (users with 5 or more) held out, seed {parse.GetValue(SplitSeed)}: {trainPlays.NonZeros:N0} train, {testPlays.NonZeros:N0} test pairs");
        return (new Dataset(all.Users, all.Artists, trainPlays, all.ArtistNames), testPlays);
    }
}
