using System.Buffers;

namespace MusicRecs.Client.Http;

/// <summary>A response body read into a buffer rented from the shared pool, grown (and the old one returned) when full.</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    public int Length { get; set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The unused part of the buffer, at least a quarter of it.</summary>
    public Memory<byte> Free()
    {
        if (_buffer.Length - Length < _buffer.Length / 4)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(Length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
