using System.CommandLine;
using MusicRecs.Client.Commands;

var root = new RootCommand("musicrecs: music recommendations from play counts with implicit-feedback ALS.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(TuneCommand.Create());
root.Subcommands.Add(GridCommand.Create());
root.Subcommands.Add(SplitCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

// Commands that talk to a running cluster (or, for quickstart, start one).
root.Subcommands.Add(QuickstartCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(CancelCommand.Create());
root.Subcommands.Add(RecommendCommand.Create());
root.Subcommands.Add(SimilarCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(HistoryCommand.Create());
root.Subcommands.Add(PlayCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) });
