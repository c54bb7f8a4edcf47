using System.Text.Json;
using System.Text.Json.Serialization;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Output;

/// <summary>
/// Where a command writes. Human-readable text goes to stdout, or to stderr under --json so that
/// stdout carries exactly one JSON object, as its last line. Progress always goes to stderr.
/// </summary>
internal sealed class Reporter(bool json)
{
    /// <summary>Results are records with snake_case keys; the model options keep the camelCase keys of a config file.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new CamelCaseConverter<AlsOptions>() },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public bool Json { get; } = json;

    public TextWriter Text => Json ? Console.Error : Console.Out;

    public void Line(string text = "") => Text.WriteLine(text);

    public static void Progress(string text) => Console.Error.WriteLine(text);

    public void WriteJson<T>(T value)
    {
        if (Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
    }
}
