using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>
/// Remembers the results of pure tools (same arguments, same answer, no side effects) for one session, so a
/// model that asks again gets the earlier answer without the tool running twice. Only tools the caller marks
/// pure are wrapped; workspace tools are not pure (files change).
/// </summary>
public sealed class PureToolCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _results = new(StringComparer.Ordinal);

    /// <summary>How many calls were answered from the cache.</summary>
    public int Hits => _hits;

    private int _hits;

    /// <summary>Wraps <paramref name="tool"/> so its results are cached by tool name and arguments.</summary>
    public AIFunction Wrap(AIFunction tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return new CachingAIFunction(tool, this);
    }

    internal async ValueTask<object?> GetOrInvokeAsync(string name, AIFunctionArguments arguments, Func<ValueTask<object?>> invoke)
    {
        var key = name + "\u0000" + CanonicalArguments(arguments);
        var created = new Lazy<Task<object?>>(() => invoke().AsTask());
        var entry = _results.GetOrAdd(key, created);
        if (!ReferenceEquals(entry, created))
        {
            Interlocked.Increment(ref _hits);
        }

        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failure is not a result: the next call runs the tool again.
            _results.TryRemove(new KeyValuePair<string, Lazy<Task<object?>>>(key, entry));
            throw;
        }
    }

    /// <summary>Arguments as JSON with keys sorted, so <c>{a:1,b:2}</c> and <c>{b:2,a:1}</c> are one entry.</summary>
    private static string CanonicalArguments(AIFunctionArguments arguments) =>
        JsonSerializer.Serialize(
            new SortedDictionary<string, object?>(arguments.ToDictionary(a => a.Key, a => a.Value), StringComparer.Ordinal),
            AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
}
