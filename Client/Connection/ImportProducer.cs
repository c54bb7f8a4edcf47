using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Connection;

/// <summary>The producer id of an import: a digest of the dataset's ids and plays, so the same data always numbers its plays the same way.</summary>
internal static class ImportProducer
{
    public static string For(Dataset data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in data.Users.Ids.Concat(data.Artists.Ids))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(id));
            hash.AppendData([0]);
        }

        var plays = data.Plays;
        hash.AppendData(MemoryMarshal.AsBytes(plays.RowStarts.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(plays.ColumnIndexes.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(plays.Values.AsSpan()));
        return $"import-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }
}
