using System.CommandLine;
using MusicRecs.Client.Bench;
using MusicRecs.Client.Connection;
using MusicRecs.Client.Output;
using MusicRecs.Client.Plays;

namespace MusicRecs.Client.Commands;

/// <summary><c>bench ingest</c>: binds its options and runs <see cref="IngestBenchRunner"/>.</summary>
internal static class IngestBenchCommand
{
    public const int MaxSeconds = 3_600;
    public const int DefaultProbes = 1_000;
    public const int MaxProbes = 100_000;

    public static Command Create()
    {
        var data = new DataOptionSet();
        var model = new ModelOptionSet();
        var seconds = new Option<double>("--seconds") { Description = $"How long to publish plays as fast as possible (with --streams azure, pausing while more than {Backlog.BacklogSeconds:0} s of the applied rate is queued).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Most plays of one user in one stream event.", DefaultValueFactory = _ => 100 };
        var probeCount = new Option<int>("--probes") { Description = "Plays timed from publishing to a query that reflects them, one after another (1,000 take about 12 s: long enough to span the silo's periodic listener flushes).", DefaultValueFactory = _ => DefaultProbes };
        var siloLog = new Option<string?>("--silo-log") { Description = "Where the silo writes its log (default: a file in the temp folder)." };
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command("ingest", "Time live plays through the play streams (memory, or Azure Queue with --streams azure) of a local silo after importing and training: sustained plays per second and p50/p99 freshness of fold-in answers.");
        data.AddTo(command);
        model.AddTo(command);
        command.Options.Add(seconds);
        command.Options.Add(batch);
        command.Options.Add(probeCount);
        cluster.AddStreamsTo(command);
        command.Options.Add(siloLog);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            var report = new Reporter(parse.GetValue(json));
            var options = model.ResolveForCluster(parse, report);
            var duration = parse.GetValue(seconds);
            if (!double.IsFinite(duration) || duration <= 0 || duration > MaxSeconds)
            {
                throw new ArgumentException($"--seconds {duration} is out of range: it must be positive and at most {MaxSeconds:N0}.");
            }

            var size = PlayProducer.CheckBatch(parse.GetValue(batch));
            var probes = parse.GetValue(probeCount);
            if (probes is < 1 or > MaxProbes)
            {
                throw new ArgumentException($"--probes {probes} is out of range: it must be between 1 and {MaxProbes:N0}.");
            }

            var (streams, queues) = cluster.ResolveStreams(parse, Environment.GetEnvironmentVariable(ClusterOptionSet.ConnectionStringVariable), ClusterOptionSet.ConnectionStringVariable);
            var settings = new IngestBenchSettings(duration, size, probes, streams, queues, parse.GetValue(siloLog));
            return IngestBenchRunner.RunAsync(data.Load(parse, report), options, settings, report, ct);
        }, cancellationToken));
        return command;
    }
}
