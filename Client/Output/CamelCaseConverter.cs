using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicRecs.Client.Output;

/// <summary>Writes one type with camelCase keys inside a snake_case result (the model options, as config files spell them).</summary>
internal sealed class CamelCaseConverter<T> : JsonConverter<T>
{
    private static readonly JsonSerializerOptions Camel = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(ref reader, Camel);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, Camel);
}
