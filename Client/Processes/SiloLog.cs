using System.Text;

namespace MusicRecs.Client.Processes;

/// <summary>
/// A silo's output: in memory, or in a log file (written by the silo itself, or copied into it line by line
/// where no shell redirects it).
/// </summary>
internal sealed class SiloLog : IDisposable
{
    private readonly StringBuilder? _memory;
    private readonly StreamWriter? _pumped;
    private readonly Lock _gate = new();

    private SiloLog(string? path, StringBuilder? memory, StreamWriter? pumped)
    {
        Path = path;
        _memory = memory;
        _pumped = pumped;
    }

    /// <summary>The log file, or null when the output is kept in memory.</summary>
    public string? Path { get; }

    /// <summary>Whether lines reach this log through <see cref="Append"/> (else the silo writes the file itself).</summary>
    public bool Pumped => Path is null || _pumped is not null;

    public static SiloLog InMemory() => new(null, new StringBuilder(), null);

    /// <summary>A log file, emptied first unless <paramref name="append"/> (a restarted silo keeps its predecessor's lines).</summary>
    public static SiloLog File(string path, bool pumped, bool append = false)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (pumped)
        {
            return new SiloLog(path, null, new StreamWriter(path, append) { AutoFlush = true });
        }

        if (!append)
        {
            System.IO.File.WriteAllText(path, string.Empty);
        }

        return new SiloLog(path, null, null);
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                if (_memory is not null)
                {
                    return _memory.ToString();
                }
            }

            try
            {
                using var stream = new FileStream(Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (IOException e)
            {
                return $"(log unreadable: {e.Message})";
            }
        }
    }

    /// <summary>The last lines, indented and shortened: log lines carry whole stack traces, the start says what happened.</summary>
    public string Tail(int lines) =>
        string.Join(Environment.NewLine, Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines)
            .Select(l => l.TrimEnd('\r')).Select(l => "  " + (l.Length <= 300 ? l : l[..300] + " ...")));

    public void Append(string line)
    {
        lock (_gate)
        {
            _memory?.AppendLine(line);
            try
            {
                _pumped?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The log closed while the silo was still writing: nothing more to keep.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pumped?.Dispose();
        }
    }
}
