using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Switchboard.Core.Observability;

namespace Switchboard.Core.Caching;

/// <summary>
/// Exact-match response cache on <see cref="HybridCache"/> (in-process memory, plus Redis when configured).
/// Microsoft.Extensions.AI's <see cref="CachingChatClient"/> does the keying, the coalescing of streamed
/// updates and their replay as a stream; this class only stores and loads. A request opts out with
/// <c>ChatOptions.AdditionalProperties["cache"] = false</c>.
/// </summary>
public sealed class HybridCachingChatClient : CachingChatClient
{
    /// <summary>Bumped when what is stored changes shape, so old entries are not misread.</summary>
    private const string KeyFormatVersion = "v1";

    /// <summary>The per-request opt-out key.</summary>
    public const string CacheOptionKey = "cache";

    // Reading must not create an entry: a miss is answered with null and neither level is written.
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private readonly HybridCache _cache;
    private readonly string _partition;
    private readonly HybridCacheEntryOptions _writeOptions;
    private readonly JsonSerializerOptions _keyOptions;

    /// <param name="innerClient">The client whose answers are cached.</param>
    /// <param name="cache">The cache; shared between clients, so <paramref name="partition"/> keeps their entries apart.</param>
    /// <param name="partition">Part of every key: the model or route name, so two models never share answers.</param>
    /// <param name="expiration">How long an answer stays cached.</param>
    /// <param name="keySerializerOptions">
    /// How messages and options are serialized to be hashed into a key; <see cref="AIJsonUtilities.DefaultOptions"/>
    /// when null. Give options that know every custom <see cref="AIContent"/> the conversation may hold (such as an
    /// image reference), or hashing it fails. Made read-only on first use.
    /// </param>
    public HybridCachingChatClient(
        IChatClient innerClient, HybridCache cache, string partition, TimeSpan? expiration = null, JsonSerializerOptions? keySerializerOptions = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentException.ThrowIfNullOrEmpty(partition);
        _cache = cache;
        _partition = partition;
        _keyOptions = keySerializerOptions ?? AIJsonUtilities.DefaultOptions;
        _writeOptions = new HybridCacheEntryOptions { Expiration = expiration ?? TimeSpan.FromHours(24), LocalCacheExpiration = expiration ?? TimeSpan.FromHours(24) };
    }

    /// <inheritdoc />
    protected override bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        base.EnableCaching(messages, options)
        && !(options?.AdditionalProperties?.TryGetValue(CacheOptionKey, out var value) == true && value is false or "false");

    /// <summary>A hash of everything that decides the answer: format version, model, messages and options.</summary>
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues) =>
        "switchboard:chat:" + AIJsonUtilities.HashDataToString([KeyFormatVersion, _partition, messages, options, .. additionalValues], _keyOptions);

    /// <inheritdoc />
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (json is null || JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))) is not ChatResponse response)
        {
            return null;
        }

        // The stored usage is the original call's; this answer cost nothing, and says where it came from.
        (response.AdditionalProperties ??= [])[SwitchboardProperties.CacheHit] = true;
        RequestObserver.Current?.CacheHit(_partition);
        return response;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (json is null || JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>))) is not IReadOnlyList<ChatResponseUpdate> { Count: > 0 } updates)
        {
            return null;
        }

        (updates[0].AdditionalProperties ??= [])[SwitchboardProperties.CacheHit] = true;
        RequestObserver.Current?.CacheHit(_partition);
        return updates;
    }

    /// <inheritdoc />
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken) =>
        await _cache.SetAsync(key, JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))), _writeOptions, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken) =>
        await _cache.SetAsync(key, JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>))), _writeOptions, cancellationToken: cancellationToken).ConfigureAwait(false);

    private async Task<string?> ReadAsync(string key, CancellationToken cancellationToken) =>
        await _cache.GetOrCreateAsync(key, static _ => ValueTask.FromResult<string?>(null), ReadOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
}
