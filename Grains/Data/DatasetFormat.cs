namespace MusicRecs.Grains.Data;

public enum DatasetFormat
{
    /// <summary>Decide from the file name and first line.</summary>
    Auto,

    /// <summary>Last.fm HetRec 2011 <c>user_artists.dat</c>: userID, artistID, weight, tab-separated, header.</summary>
    HetRec,

    /// <summary>Last.fm 360K <c>usersha1-artmbid-artname-plays.tsv</c>: user sha1, artist MBID, artist name, plays; no header.</summary>
    LastFm360k,

    /// <summary>user, artist, count[, timestamp], comma- or tab-separated, header optional.</summary>
    Delimited,
}
