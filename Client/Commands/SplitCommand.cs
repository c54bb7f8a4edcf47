using System.CommandLine;
using MusicRecs.Client.Offline;
using MusicRecs.Client.Output;
using MusicRecs.Grains.Evaluation;

namespace MusicRecs.Client.Commands;

/// <summary>Writes a per-user train/test split of a dataset, uniform or keyed on hashes of the ids.</summary>
internal static class SplitCommand
{
    public static Command Create()
    {
        var data = new DataOptionSet();
        var fraction = new Option<double>("--test-fraction") { Description = "Share of each user's artists (users with 5 or more; at least one) sent to test.", DefaultValueFactory = _ => 0.25 };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw, or mixed into the hash.", DefaultValueFactory = _ => 42 };
        var by = new Option<string>("--by") { Description = "random (uniform per user), hash (smallest FNV-1a of seed:user:artist) or artist-hash (smallest FNV-1a of seed:artist: the same artists held out by everyone).", DefaultValueFactory = _ => "random" };
        by.AcceptOnlyFromAmong("random", "hash", "artist-hash");
        var output = new Option<string>("--out") { Description = "Folder for train.tsv and test.tsv.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("split", "Split a dataset per user into train.tsv and test.tsv: a uniform draw or a hash of the ids.");
        data.AddTo(command);
        foreach (var o in new Option[] { fraction, seed, by, output, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var share = parse.GetValue(fraction);
            if (!(share > 0 && share < 1))
            {
                throw new ArgumentException($"--test-fraction {share} is out of range: it must be in (0, 1).");
            }

            var kind = parse.GetValue(by) switch
            {
                "hash" => SplitKind.Hash,
                "artist-hash" => SplitKind.ArtistHash,
                _ => SplitKind.Random,
            };
            var dataset = data.Load(parse, report);
            report.WriteJson(SplitRunner.Run(dataset, kind, share, parse.GetValue(seed), parse.GetValue(output)!, report));
            return 0;
        }));
        return command;
    }
}
