namespace MusicRecs.Grains.Data;

/// <summary>Assigns each external id (user or artist) the next dense index, once.</summary>
public sealed class IdIndex
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    public int Count => _ids.Count;

    public IReadOnlyList<string> Ids => _ids;

    public int GetOrAdd(string id)
    {
        if (!_indexes.TryGetValue(id, out var index))
        {
            index = _ids.Count;
            _indexes.Add(id, index);
            _ids.Add(id);
        }

        return index;
    }

    public bool TryGet(string id, out int index) => _indexes.TryGetValue(id, out index);

    public string this[int index] => _ids[index];
}
