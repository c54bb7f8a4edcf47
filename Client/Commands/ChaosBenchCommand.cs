using System.CommandLine;
using MusicRecs.Client.Bench;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Commands;

/// <summary><c>bench chaos</c>: binds its options and runs <see cref="ChaosBenchRunner"/>.</summary>
internal static class ChaosBenchCommand
{
    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var silos = new Option<int>("--silos") { Description = "Silo processes (2 to 8).", DefaultValueFactory = _ => 3 };
        var killEvery = new Option<double>("--kill-every") { Description = "Seconds between two silo kills while the plays are being applied.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("chaos", "Replay a file into a cluster on Azure storage (its own Azurite and silo processes) while killing silos with SIGKILL, replay it again as a client after a crash does, kill the training orchestrator's silo mid-run, then check both sides of the plays and compare the model with an undisturbed single-process run.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(silos);
        command.Options.Add(killEvery);
        command.Options.Add(batch);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var path = parse.GetValue(data.Data) ?? throw new ArgumentException("bench chaos needs --data FILE (it replays the file's rows).");
            var seconds = parse.GetValue(killEvery);
            if (!double.IsFinite(seconds) || seconds is < 0.5 or > 600)
            {
                throw new ArgumentException($"--kill-every {seconds} is out of range: it must be between 0.5 and 600 seconds.");
            }

            var size = Plays.PlayProducer.CheckBatch(parse.GetValue(batch));
            var options = model.Resolve(parse);
            var dataset = data.LoadFile(path, parse, report);
            var settings = new ChaosBenchSettings(path, data.LoadOptions(parse), parse.GetValue(silos), TimeSpan.FromSeconds(seconds), size);
            return ChaosBenchRunner.RunAsync(dataset, options, settings, report, ct);
        }, cancellationToken));
        return command;
    }
}
