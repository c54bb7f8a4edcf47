using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicRecs.Client.Output;

/// <summary>
/// Where a command writes. Human-readable text goes to stdout, or to stderr under --json so that
/// stdout carries exactly one JSON object, as its last line. Progress always goes to stderr.
/// </summary>
internal sealed class Reporter(bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public bool Json { get; } = json;

    public TextWriter Text => Json ? Console.Error : Console.Out;

    public void Line(string text = "") => Text.WriteLine(text);

    public static void Progress(string text) => Console.Error.WriteLine(text);

    public void WriteJson(object value)
    {
        if (Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
    }
}
