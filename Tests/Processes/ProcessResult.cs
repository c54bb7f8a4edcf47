using System.Text.Json;

namespace MusicRecs.Tests.Processes;

/// <summary>What a finished child process printed, and how it exited.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>The last stdout line as JSON (the --json convention of the musicrecs tool).</summary>
    public JsonElement LastJson()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{Command}: no stdout. {Describe()}");
        try
        {
            return JsonDocument.Parse(last).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{Command}: the last stdout line is not JSON ({e.Message}). {Describe()}", e);
        }
    }

    public override string ToString() => $"{Command}: {Describe()}";

    public ProcessResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{Command} failed. {Describe()}");

    public string Describe() =>
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s{Environment.NewLine}stdout:{Environment.NewLine}{Tail(Stdout)}{Environment.NewLine}stderr:{Environment.NewLine}{Tail(Stderr)}";

    private static string Tail(string text, int lines = 40) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines).Select(l => "  " + l.TrimEnd('\r')));
}
