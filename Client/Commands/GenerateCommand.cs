using System.CommandLine;
using System.Diagnostics;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>Writes a seeded synthetic music dataset in the generic TSV format.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var d = SyntheticOptions.Default;
        var output = new Option<string>("--out") { Description = "Output file (user<TAB>artist<TAB>count, with header).", Required = true };
        var users = new Option<int>("--users") { Description = "Users.", DefaultValueFactory = _ => d.Users };
        var artists = new Option<int>("--artists") { Description = "Artists.", DefaultValueFactory = _ => d.Artists };
        var genres = new Option<int>("--genres") { Description = "Genres.", DefaultValueFactory = _ => d.Genres };
        var median = new Option<double>("--median-artists") { Description = "Median distinct artists per user.", DefaultValueFactory = _ => d.MedianArtistsPerUser };
        var sigma = new Option<double>("--activity-sigma") { Description = "Log-normal sigma of artists per user (1.0 gives a mean of about 1.65x the median).", DefaultValueFactory = _ => d.ActivitySigma };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent of artist popularity.", DefaultValueFactory = _ => d.ZipfExponent };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => d.Seed };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("generate", "Generate a seeded, music-like synthetic dataset: genres, user tastes, Zipf popularity, log-normal activity and play counts.");
        foreach (var o in new Option[] { output, users, artists, genres, median, sigma, zipf, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = d with
            {
                Users = parse.GetValue(users),
                Artists = parse.GetValue(artists),
                Genres = parse.GetValue(genres),
                MedianArtistsPerUser = parse.GetValue(median),
                ActivitySigma = parse.GetValue(sigma),
                ZipfExponent = parse.GetValue(zipf),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            var path = parse.GetValue(output)!;
            var sw = Stopwatch.StartNew();
            var rows = new SyntheticGenerator(options).WriteDelimited(path);
            report.Line($"wrote {rows:N0} rows to {path} in {sw.Elapsed.TotalSeconds:F1}s ({options.Users:N0} users, {options.Artists:N0} artists, seed {options.Seed})");
            report.WriteJson(new GenerateResult(rows, path, sw.Elapsed.TotalSeconds));
            return 0;
        }));
        return command;
    }
}
