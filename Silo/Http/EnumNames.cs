using System.Collections.Frozen;
using System.Text.Json;

namespace MusicRecs.Silo.Http;

/// <summary>snake_case names of an enum's values as the JSON answers carry them, converted once.</summary>
internal static class EnumNames<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, Convert);

    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : Convert(value);

    private static string Convert(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
