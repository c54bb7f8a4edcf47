namespace MusicRecs.GrainInterfaces;

/// <summary>The two catalogs, also the two sides of the factorisation. The catalog grain key is the lower-case name.</summary>
public static class CatalogKind
{
    public const string Users = "users";
    public const string Artists = "artists";
}
