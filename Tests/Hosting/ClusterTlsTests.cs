using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using MusicRecs.Grains.Hosting;
using MusicRecs.Silo;
using Orleans.Connections.Security;

namespace MusicRecs.Tests.Hosting;

/// <summary>MusicRecs:Tls: validated by name like every setting, and a peer accepted only with the cluster's own certificate.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private const string Password = "pfx-password-1";
    private readonly string _folder = Directory.CreateTempSubdirectory("musicrecs-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Tls_is_off_by_default_and_on_with_a_readable_certificate()
    {
        Assert.False(Load().Tls.Enabled);
        var path = WritePfx("cluster");
        var tls = Load(("MusicRecs:Tls:Enabled", "true"), ("MusicRecs:Tls:CertificatePath", path), ("MusicRecs:Tls:CertificatePassword", Password)).Tls;
        Assert.True(tls.Enabled);
        Assert.Equal(path, tls.CertificatePath);
    }

    [Fact]
    public void A_missing_unreadable_or_locked_certificate_stops_the_silo_naming_the_setting()
    {
        var missing = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Tls:Enabled", "true")));
        Assert.Contains("MusicRecs:Tls:CertificatePath is required", missing.Message);

        var absent = Path.Combine(_folder, "absent.pfx");
        var gone = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Tls:Enabled", "true"), ("MusicRecs:Tls:CertificatePath", absent)));
        Assert.Contains($"MusicRecs:Tls:CertificatePath '{absent}' does not exist", gone.Message);

        var text = Path.Combine(_folder, "text.pfx");
        File.WriteAllText(text, "not a certificate");
        var unreadable = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Tls:Enabled", "true"), ("MusicRecs:Tls:CertificatePath", text)));
        Assert.Contains("MusicRecs:Tls:CertificatePath", unreadable.Message);
        Assert.Contains("not a readable PKCS#12", unreadable.Message);

        var locked = WritePfx("cluster");
        var wrong = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Tls:Enabled", "true"), ("MusicRecs:Tls:CertificatePath", locked), ("MusicRecs:Tls:CertificatePassword", "wrong")));
        Assert.Contains($"MusicRecs:Tls:CertificatePath '{locked}' is not a readable PKCS#12 (PFX) certificate with this password", wrong.Message);
    }

    [Fact]
    public void Unknown_tls_keys_are_refused_by_name()
    {
        var e = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Tls:Thumbprint", "AB")));
        Assert.Contains("MusicRecs:Tls:Thumbprint is not a known setting", e.Message);
    }

    [Fact]
    public void A_peer_is_accepted_only_with_the_pinned_certificate_whatever_the_platform_checks_say()
    {
        using var cluster = ClusterTls.Load(WritePfx("cluster"), Password, "test");
        using var other = ClusterTls.Load(WritePfx("other"), Password, "test");
        var options = new TlsOptions();
        ClusterTls.Configure(options, cluster);

        Assert.Same(cluster, options.LocalCertificate);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, options.RemoteCertificateMode);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, options.ClientCertificateMode);

        // Self-signed and without the peer's address in it: the platform's checks fail, the pin decides.
        using var remoteCopy = X509CertificateLoader.LoadCertificate(cluster.RawData);
        var selfSigned = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;
        Assert.True(options.RemoteCertificateValidation!(remoteCopy, null, selfSigned));
        Assert.False(options.RemoteCertificateValidation(other, null, selfSigned));
        Assert.False(options.RemoteCertificateValidation(other, null, SslPolicyErrors.None));
    }

    private static SiloSettings Load(params (string Key, string Value)[] values) =>
        SettingsValidator.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    /// <summary>A self-signed certificate with its key in a PFX, as scripts/hosts.sh makes one with openssl.</summary>
    private string WritePfx(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_folder, $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
