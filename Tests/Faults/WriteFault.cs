namespace MusicRecs.Tests.Faults;

/// <summary>The fault drawn for one write.</summary>
public enum WriteFault
{
    None,
    FailBeforeStore,
    FailAfterStore,
    Timeout,
}
