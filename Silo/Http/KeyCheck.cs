namespace MusicRecs.Silo.Http;

public enum KeyCheck
{
    Valid,
    Missing,
    Wrong,
    NoneConfigured,
}
