namespace MusicRecs.Tests.Faults;

/// <summary>A storage failure a test asked for: the message says whether the data was stored.</summary>
public sealed class InjectedStorageException(string message) : Exception(message);
