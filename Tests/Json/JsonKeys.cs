using System.Text.Json;

namespace MusicRecs.Tests.Json;

/// <summary>The key paths of a JSON object: <c>a</c>, <c>a.b</c>, and <c>a.[].b</c> for objects inside arrays.</summary>
internal static class JsonKeys
{
    public static string[] Of(JsonElement root)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, string.Empty, keys);
        return [.. keys];
    }

    private static void Collect(JsonElement element, string prefix, SortedSet<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var path = prefix + property.Name;
                    keys.Add(path);
                    Collect(property.Value, path + ".", keys);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, prefix + "[].", keys);
                }

                break;
        }
    }
}
