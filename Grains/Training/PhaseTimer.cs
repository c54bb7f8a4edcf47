using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicRecs.Grains.Training;

/// <summary>
/// Time spent per phase of one partition's half-sweep (warm start, gather, waiting for the compute gate, fixed side,
/// solve, loss, Gramian, write), for the silo log. Used by one flow at a time, marks in order.
/// </summary>
internal sealed class PhaseTimer
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _phases = new();
    private TimeSpan _last;

    /// <summary>Ends the phase <paramref name="name"/>: it lasted since the previous mark (or the start).</summary>
    public void Mark(string name)
    {
        var now = _clock.Elapsed;
        _phases.Append(CultureInfo.InvariantCulture, $"{(_phases.Length == 0 ? "" : ", ")}{name} {(now - _last).TotalMilliseconds:F1} ms");
        _last = now;
    }

    public override string ToString() => _phases.ToString();
}
