using System.CommandLine;
using System.Diagnostics;
using MusicRecs.Client.Output;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Commands;

/// <summary>
/// Where a command's plays come from: a file (any supported format) or, by default, the embedded
/// seeded synthetic dataset, so nothing outside the tool is needed.
/// </summary>
internal sealed class DataOptionSet
{
    public Option<string?> Data { get; } = new("--data") { Description = "Play-count file (HetRec user_artists.dat, Last.fm 360K TSV, or CSV/TSV user,artist,count[,timestamp]). Default: the embedded synthetic dataset." };

    public Option<string?> Format { get; } = new("--format") { Description = "auto (default), hetrec, lastfm360k or delimited." };

    public Option<string?> Artists { get; } = new("--artists") { Description = "Artist names file (id<TAB>name...)." };

    public Option<bool> SkipBadLines { get; } = new("--skip-bad-lines") { Description = "Skip and count bad rows instead of refusing the file." };

    public DataOptionSet()
    {
        Format.AcceptOnlyFromAmong("auto", "hetrec", "lastfm360k", "delimited");
    }

    public void AddTo(Command command, bool withData = true)
    {
        if (withData)
        {
            command.Options.Add(Data);
        }

        command.Options.Add(Format);
        command.Options.Add(Artists);
        command.Options.Add(SkipBadLines);
    }

    public DatasetLoadOptions LoadOptions(ParseResult parse) => new()
    {
        Format = parse.GetValue(Format) switch
        {
            "hetrec" => DatasetFormat.HetRec,
            "lastfm360k" => DatasetFormat.LastFm360k,
            "delimited" => DatasetFormat.Delimited,
            _ => DatasetFormat.Auto,
        },
        SkipBadLines = parse.GetValue(SkipBadLines),
        ArtistsFile = parse.GetValue(Artists),
    };

    /// <summary>Loads --data, or generates the embedded default when it is absent.</summary>
    public Dataset Load(ParseResult parse, Reporter report)
    {
        var path = parse.GetValue(Data);
        if (path is null)
        {
            var sw = Stopwatch.StartNew();
            var synthetic = new SyntheticGenerator(SyntheticOptions.Default).Generate();
            report.Line($"data: embedded synthetic dataset (seed {SyntheticOptions.Default.Seed}): {Summary(synthetic)} in {sw.Elapsed.TotalSeconds:F1}s");
            return synthetic;
        }

        return LoadFile(path, parse, report);
    }

    public Dataset LoadFile(string path, ParseResult parse, Reporter report)
    {
        var sw = Stopwatch.StartNew();
        var result = DatasetLoader.Load(path, LoadOptions(parse), new RowProgress(path));
        report.Line($"data: {path}: {Summary(result.Dataset)} in {sw.Elapsed.TotalSeconds:F1}s");
        ReportSkipped(report, result.BadRows, result.FirstBadRows);
        return result.Dataset;
    }

    public static void ReportSkipped(Reporter report, long badRows, IReadOnlyList<BadRow> first)
    {
        if (badRows == 0)
        {
            return;
        }

        report.Line($"skipped {badRows:N0} bad rows; first ones:");
        foreach (var row in first.Take(5))
        {
            report.Line($"  {row}");
        }
    }

    public static string Summary(Dataset d) =>
        $"{d.Users.Count:N0} users, {d.Artists.Count:N0} artists, {d.Plays.NonZeros:N0} user-artist pairs";
}
