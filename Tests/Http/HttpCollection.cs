namespace MusicRecs.Tests.Http;

/// <summary>The HTTP tests that only read (and refused writes) share one seeded, trained silo and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HttpCollection : ICollectionFixture<HttpSiloFixture>
{
    public const string Name = "Http";
}
