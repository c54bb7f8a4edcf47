namespace MusicRecs.Tests.Http;

/// <summary>
/// The HTTP tests that change what the silo holds (plays, training runs, the page's flows) get a seeded, trained silo of
/// their own: their live plays refresh artist factors, which would move the rankings the read tests assert.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HttpWriteCollection : ICollectionFixture<HttpSiloFixture>
{
    public const string Name = "HttpWrites";
}
