namespace MusicRecs.Tests.Faults;

/// <summary>The grain-side copy of a state, as a grain's persistent state holds it.</summary>
internal sealed class TestGrainState<T>(T state) : IGrainState<T>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
