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
    public async Task A_stop_signal_stops_the_hub_without_calling_it_a_failure()
    {
        await using var hub = await TestHub.StartAsync();
        Assert.False(hub.Host.Stopping.IsCancellationRequested);

        // What the host does on SIGTERM or SIGINT.
        hub.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.True(hub.Host.Stopping.IsCancellationRequested, "outpost hub waits on this token");
        Assert.Null(hub.Host.FailedService); // so it says "Shutting down." and exits 0
    }

    [Fact]
    public async Task A_background_service_whose_work_threw_is_named_as_the_failure()
    {
        using var healthy = new Waiting();
        using var broken = new Throwing();
        await healthy.StartAsync(CancellationToken.None);
        await broken.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => broken.ExecuteTask!);

        Assert.Null(Outpost.Hub.HubHost.FirstFailed([healthy]));
        Assert.Equal(nameof(Throwing), Outpost.Hub.HubHost.FirstFailed([healthy, broken]));
        await healthy.StopAsync(CancellationToken.None);
    }

    private sealed class Waiting : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class Throwing : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the disk is full");
        }
    }
}
