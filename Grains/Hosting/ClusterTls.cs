using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace MusicRecs.Grains.Hosting;

/// <summary>
/// TLS of a cluster that shares one certificate (a PFX with its private key): every silo and every client
/// presents it, and accepts a peer only if the peer presents that same certificate (pinned by its SHA-256
/// thumbprint). A self-signed certificate has no chain to trust and names no IP address, so the platform's
/// chain and name checks cannot pass; the pin replaces them: only a holder of the PFX can complete the handshake.
/// </summary>
public static class ClusterTls
{
    /// <summary>Loads the PFX; a missing, unreadable or keyless file, or a wrong password, is an error naming <paramref name="what"/>.</summary>
    public static X509Certificate2 Load(string path, string? password, string what)
    {
        if (!File.Exists(path))
        {
            throw new CertificateException($"{what} '{path}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CertificateException($"{what} '{path}' is not a readable PKCS#12 (PFX) certificate with this password: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CertificateException($"{what} '{path}' holds no private key: a peer must prove it holds the certificate.");
        }

        return certificate;
    }

    /// <summary>Both ends present <paramref name="certificate"/> and require the remote end to present it too.</summary>
    public static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        var pinned = Thumbprint(certificate);
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, errors) =>
            (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && Thumbprint(remote) == pinned;
    }

    /// <summary>The SHA-256 thumbprint, hexadecimal.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);
}
