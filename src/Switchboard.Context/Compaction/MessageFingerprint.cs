using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Content fingerprints of messages, chained so a key names a whole prefix of a conversation: a stored summary is
/// found again for the same history (after a restart too, when the history is read back from the store), and never
/// for a history that differs anywhere in what it covers.
/// </summary>
/// <remarks>
/// System messages are left out of the chain: a system prompt that carries today's date or the workspace must not
/// invalidate every summary. A message's own hash is computed once (kept beside it).
/// </remarks>
public sealed class MessageFingerprint
{
    private readonly ConditionalWeakTable<ChatMessage, byte[]> _hashes = [];
    private readonly ConditionalWeakTable<ChatMessage, ChainLink> _links = [];
    private readonly JsonSerializerOptions _jsonOptions;

    /// <param name="jsonOptions">Serializes tool arguments and results; <see cref="AIJsonUtilities.DefaultOptions"/> when null.</param>
    public MessageFingerprint(JsonSerializerOptions? jsonOptions = null)
    {
        _jsonOptions = jsonOptions ?? AIJsonUtilities.DefaultOptions;
    }

    /// <summary>
    /// One key per non-system message of <paramref name="messages"/>, in order: key <c>i</c> names the first
    /// <c>i + 1</c> non-system messages.
    /// </summary>
    public IReadOnlyList<string> PrefixKeys(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var keys = new List<string>();
        var key = "";
        foreach (var message in messages)
        {
            if (message.Role != ChatRole.System)
            {
                key = NextKey(key, message);
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>
    /// The key of a prefix extended by <paramref name="message"/> (a non-system message), given the key of the
    /// prefix before it (empty for the first message): how a store computes keys as messages are appended.
    /// </summary>
    public string NextKey(string previousKey, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(previousKey);
        ArgumentNullException.ThrowIfNull(message);

        // A conversation is re-keyed every turn; each message remembers the key it made after its predecessor's.
        if (_links.TryGetValue(message, out var link) && string.Equals(link.PreviousKey, previousKey, StringComparison.Ordinal))
        {
            return link.Key;
        }

        Span<byte> input = stackalloc byte[16 + 32];
        input.Clear();
        if (previousKey.Length > 0 && Convert.FromHexString(previousKey, input[..16], out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException($"'{previousKey}' is not a prefix key.", nameof(previousKey));
        }

        HashOf(message).CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var key = Convert.ToHexStringLower(hash[..16]);
        _links.AddOrUpdate(message, new ChainLink(previousKey, key));
        return key;
    }

    private byte[] HashOf(ChatMessage message)
    {
        if (_hashes.TryGetValue(message, out var hash))
        {
            return hash;
        }

        hash = Compute(message);
        _hashes.AddOrUpdate(message, hash);
        return hash;
    }

    private byte[] Compute(ChatMessage message)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, message.Role.Value);
        Append(sha, message.AuthorName ?? "");
        foreach (var content in message.Contents)
        {
            Append(sha, content.GetType().Name);
            switch (content)
            {
                case FunctionCallContent call:
                    Append(sha, call.CallId);
                    Append(sha, call.Name);
                    Append(sha, ContentText.ArgumentsJson(call, _jsonOptions));
                    break;
                case FunctionResultContent result:
                    Append(sha, result.CallId);
                    Append(sha, ContentText.ResultText(result.Result, _jsonOptions));
                    break;
                case DataContent data:
                    Append(sha, data.MediaType);
                    sha.AppendData(SHA256.HashData(data.Data.Span));
                    break;
                case UriContent uri:
                    Append(sha, uri.Uri.OriginalString);
                    break;
                default:
                    Append(sha, ContentText.Of(content, _jsonOptions) ?? content.ToString() ?? "");
                    break;
            }
        }

        return sha.GetHashAndReset();
    }

    // Length-prefixed, so "ab"+"c" and "a"+"bc" hash differently.
    private static void Append(IncrementalHash sha, string text)
    {
        Span<byte> length = stackalloc byte[4];
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }

    private sealed record ChainLink(string PreviousKey, string Key);
}
