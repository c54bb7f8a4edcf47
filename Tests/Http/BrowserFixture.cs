using Microsoft.Playwright;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.Http;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven headless by Playwright; no browser is
/// downloaded. Screenshots go to artifacts/web/ at the repository root.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string Screenshots { get; } = Path.Combine(RepoPaths.Root, "artifacts", "web");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new FileNotFoundException($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.", Chromium);
        }

        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
