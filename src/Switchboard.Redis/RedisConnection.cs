using StackExchange.Redis;

namespace Switchboard.Redis;

/// <summary>One multiplexed connection to Redis per configuration, made on first use and shared by every store.</summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    /// <param name="configuration">A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>).</param>
    public RedisConnection(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        Configuration = configuration;
        _connection = new(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }

    /// <summary>The configuration string.</summary>
    public string Configuration { get; }

    /// <summary>The database, connecting on first use.</summary>
    public async Task<IDatabase> GetDatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
