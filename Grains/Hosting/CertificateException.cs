namespace MusicRecs.Grains.Hosting;

/// <summary>A cluster certificate that cannot be used; the message names the setting or option and the file.</summary>
public sealed class CertificateException(string message, Exception? inner = null) : Exception(message, inner);
