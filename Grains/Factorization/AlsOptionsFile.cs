using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Reads and writes <see cref="AlsOptions"/> as a JSON config (what <c>tune --out</c> writes and
/// <c>--config</c> reads). Unknown fields are errors, so a typo never silently falls back to a default.
/// </summary>
public static class AlsOptionsFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static AlsOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Config file not found: {path}", path);
        }

        AlsOptions? options;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
                ?? throw new InvalidDataException($"{path}: the config is empty.");

            // A config may carry notes (how it was chosen) beside the options: only "options" is read.
            var node = root.TryGetPropertyValue("options", out var inner) ? inner : root;
            options = node.Deserialize<AlsOptions>(Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid options config ({e.Message}).", e);
        }

        if (options is null)
        {
            throw new InvalidDataException($"{path}: the config holds no options.");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        return options;
    }

    /// <summary>Writes the options under "options", with free-form notes beside them.</summary>
    public static void Save(string path, AlsOptions options, IReadOnlyDictionary<string, object>? notes = null)
    {
        var root = new JsonObject { ["options"] = JsonSerializer.SerializeToNode(options, Json) };
        if (notes is not null)
        {
            root["notes"] = JsonSerializer.SerializeToNode(notes, Json);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var tmp = path + ".tmp";
        File.WriteAllText(tmp, root.ToJsonString(Json) + Environment.NewLine);
        File.Move(tmp, path, overwrite: true);
    }
}
