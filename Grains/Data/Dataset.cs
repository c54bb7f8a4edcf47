using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Data;

/// <summary>
/// Play counts of users for artists, on dense indexes, with the external ids and artist names.
/// <see cref="Plays"/> is users x artists; duplicates of a (user, artist) pair are already summed.
/// </summary>
public sealed class Dataset
{
    public Dataset(IdIndex users, IdIndex artists, CsrMatrix plays, IReadOnlyDictionary<string, string>? artistNames = null)
    {
        if (plays.Rows != users.Count || plays.Columns != artists.Count)
        {
            throw new ArgumentException($"Matrix is {plays.Rows}x{plays.Columns} but there are {users.Count} users and {artists.Count} artists.", nameof(plays));
        }

        Users = users;
        Artists = artists;
        Plays = plays;
        ArtistNames = artistNames ?? new Dictionary<string, string>();
    }

    public IdIndex Users { get; }

    public IdIndex Artists { get; }

    public CsrMatrix Plays { get; }

    /// <summary>Artist id -> display name, where the source has names.</summary>
    public IReadOnlyDictionary<string, string> ArtistNames { get; }

    public string ArtistName(int artist)
    {
        var id = Artists[artist];
        return ArtistNames.TryGetValue(id, out var name) ? name : id;
    }
}
