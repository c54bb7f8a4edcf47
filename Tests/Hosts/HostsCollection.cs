namespace MusicRecs.Tests.Hosts;

/// <summary>
/// Tests on real hosts (network namespaces, <c>scripts/hosts.sh</c>): one cluster for the collection, run alone
/// (not beside other collections: six processes on a 2-core machine). They need root; without it they skip.
/// Run only these: <c>dotnet test Tests --filter Category=Hosts</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostsCollection : ICollectionFixture<HostsFixture>
{
    public const string Name = "Hosts";
    public const string Category = "Hosts";
}
