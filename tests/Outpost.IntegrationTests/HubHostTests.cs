using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Outpost.IntegrationTests.Support;

namespace Outpost.IntegrationTests;

/// <summary>How the hub's host is put together.</summary>
public sealed class HubHostTests
{
    [Fact]
    public async Task The_hub_watches_no_configuration_file_so_writes_in_its_working_directory_wake_nothing()
    {
        await using var hub = await TestHub.StartAsync();
        var configuration = (IConfigurationRoot)hub.Host.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.NotEmpty(files); // appsettings.json is still read, if there is one
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    [Fact]
    public async Task A_failed_background_service_stops_the_hub_instead_of_leaving_it_serving_without_it()
    {
        await using var hub = await TestHub.StartAsync();
        Assert.False(hub.Host.Stopping.IsCancellationRequested);

        // What the generic host does when a BackgroundService throws (BackgroundServiceExceptionBehavior.StopHost).
        hub.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.True(hub.Host.Stopping.IsCancellationRequested, "outpost hub waits on this token and exits with an error");
    }
}
