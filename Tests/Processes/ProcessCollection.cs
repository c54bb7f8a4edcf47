namespace MusicRecs.Tests.Processes;

/// <summary>
/// Tests that run silo and client processes against Azurite. One collection, so they run one at a time
/// (each starts several processes on a 2-core machine) and share one Azurite.
/// Run only these: <c>dotnet test Tests --filter Category=Process</c>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Process";
    public const string Category = "Process";
}
