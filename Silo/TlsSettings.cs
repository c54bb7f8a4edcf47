namespace MusicRecs.Silo;

/// <summary><c>MusicRecs:Tls</c>: TLS on silo-to-silo and client-to-gateway connections, with one shared certificate.</summary>
public sealed class TlsSettings
{
    /// <summary>Off by default; on, every connection to and from this silo is TLS with the certificate below.</summary>
    public bool Enabled { get; set; }

    /// <summary>PKCS#12 (PFX) file with the private key; peers must present the same certificate (pinned by thumbprint).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PFX (none when empty); best given as the environment variable <c>MusicRecs__Tls__CertificatePassword</c>.</summary>
    public string? CertificatePassword { get; set; }
}
