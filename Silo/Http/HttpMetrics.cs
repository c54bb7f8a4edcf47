using System.Diagnostics;
using System.Diagnostics.Metrics;
using MusicRecs.Grains.Ingest;

namespace MusicRecs.Silo.Http;

/// <summary>
/// The platform's own instruments (meter <see cref="MeterName"/>): this silo's ingest totals (applied,
/// duplicate, rejected plays; fold-ins), plays accepted over HTTP, query latency per endpoint, anonymous
/// fold-in latency, and the model and training state that <see cref="ModelWatch"/> keeps.
/// </summary>
public sealed class HttpMetrics
{
    public const string MeterName = Grains.Hosting.PlatformMeter.Name;

    private readonly Histogram<double> _query;
    private readonly Histogram<double> _foldIn;
    private readonly Counter<long> _accepted;

    public HttpMetrics(IMeterFactory meters, IngestCounters ingest, ListenerBuffer listeners)
    {
        var meter = meters.Create(MeterName);
        _query = meter.CreateHistogram<double>("musicrecs.http.query.duration", "s", "Time to answer an API request, by endpoint.");
        _foldIn = meter.CreateHistogram<double>("musicrecs.anonymous.foldin.duration", "s", "Fold-in and scoring of an anonymous basket.");
        _accepted = meter.CreateCounter<long>("musicrecs.http.plays.accepted", "{play}", "Plays accepted by POST /api/plays onto the play stream.");
        meter.CreateObservableCounter("musicrecs.plays.applied", () => ingest.Totals.Plays, "{play}", "Plays this silo's user grains applied from the play stream.");
        meter.CreateObservableCounter("musicrecs.plays.duplicate", () => ingest.Totals.Duplicates, "{play}", "Plays dropped as already applied (same producer and sequence).");
        meter.CreateObservableCounter("musicrecs.plays.rejected", () => ingest.Totals.Rejected, "{play}", "Plays rejected as bad data.");
        meter.CreateObservableCounter("musicrecs.plays.too_old", () => ingest.Totals.TooOld, "{play}", "Plays rejected as too old: below their producer's dedupe floor.");
        meter.CreateObservableCounter("musicrecs.foldins", () => ingest.Totals.FoldIns, "{foldin}", "User factors folded in by this silo's user grains.");
        meter.CreateObservableGauge("musicrecs.model.version", () => Model.Version, null, "The published model version (0: none yet).");
        meter.CreateObservableGauge("musicrecs.model.age", () => Model.AgeSeconds ?? 0, "s", "Seconds since the published version was published.");
        meter.CreateObservableGauge("musicrecs.training.progress", () => Model.Training.Progress, null, "Progress of the latest training run, 0 to 1.");
        meter.CreateObservableGauge("musicrecs.listener.buffered", () => listeners.Held, "{change}", "Listener-count changes held by this silo for the artist grains.");
        meter.CreateObservableCounter("musicrecs.listener.flushed", () => listeners.Flushed, "{change}", "Listener-count changes this silo has delivered to the artist grains.");
    }

    /// <summary>The latest model state seen (updated by <see cref="ModelWatch"/>).</summary>
    public Contracts.ModelResponse Model { get; set; } = new(UserEndpoints.ModelName, 0, null, null, 0, 0, 0, [],
        new Contracts.TrainingResponse("idle", "", false, 0, 0, 0, [], [], null, null, null));

    public Timing Time(string endpoint) => new(_query, endpoint);

    public void FoldIn(TimeSpan elapsed) => _foldIn.Record(elapsed.TotalSeconds);

    public void Accepted(int plays) => _accepted.Add(plays);

    /// <summary>Records the time from its creation to its disposal under the endpoint's name.</summary>
    public readonly struct Timing(Histogram<double> histogram, string endpoint) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose() => histogram.Record(Stopwatch.GetElapsedTime(_start).TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint));
    }
}
