using System.Text;

namespace MusicRecs.Grains.Data;

/// <summary>
/// Reads a text file one line at a time with its 1-based line number, skipping blank lines.
/// Streams so that files of tens of millions of rows never sit in memory as text.
/// </summary>
internal sealed class LineSource : IDisposable
{
    private readonly StreamReader _reader;
    private long _lineNumber;

    public LineSource(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file not found: {path}", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>The next non-blank line; false at the end of the file.</summary>
    public bool TryRead(out string line, out long lineNumber)
    {
        while (_reader.ReadLine() is { } text)
        {
            _lineNumber++;

            // A BOM that survived decoding (written twice, or in a different encoding) is not data.
            if (_lineNumber == 1 && text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.TrimStart('\uFEFF');
            }

            if (!string.IsNullOrWhiteSpace(text))
            {
                line = text;
                lineNumber = _lineNumber;
                return true;
            }
        }

        line = string.Empty;
        lineNumber = _lineNumber;
        return false;
    }

    /// <summary>The first non-blank line of a file, or null when it has none.</summary>
    public static string? FirstLine(string path)
    {
        using var source = new LineSource(path);
        return source.TryRead(out var line, out _) ? line : null;
    }

    public void Dispose() => _reader.Dispose();
}
