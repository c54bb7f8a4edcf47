using System.CommandLine;
using MusicRecs.Client.Commands;

var root = new RootCommand("musicrecs: music recommendations from play counts with implicit-feedback ALS.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(TuneCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
