using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Recall;

/// <summary>
/// The <c>recall(query, limit)</c> tool: lets the model search long-term memory (hybrid search, in the scope the
/// host chose) when it needs something from earlier conversations.
/// </summary>
public static class MemoryRecallTool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "recall";

    /// <summary>The most memories one call returns, whatever the model asks for.</summary>
    public const int MaxLimit = 20;

    private const string Description =
        "Searches long-term memory: summaries, transcripts and notes of earlier conversations with this user. " +
        "Use it when the user refers to something discussed before, or when past decisions or preferences matter.";

    /// <summary>Creates the tool over <paramref name="store"/>, searching <paramref name="scope"/>.</summary>
    public static AIFunction Create(MemoryStore store, MemoryScope scope)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        var serializerOptions = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        serializerOptions.TypeInfoResolverChain.Insert(0, MemoryJsonContext.Default);
        serializerOptions.MakeReadOnly();

        return AIFunctionFactory.Create(
            async ([Description("What to look for, in a few words or a question.")] string query,
                   [Description("How many memories to return (1 to 20).")] int limit = 5,
                   CancellationToken cancellationToken = default) =>
            {
                if (string.IsNullOrWhiteSpace(query))
                {
                    throw new ArgumentException("The query is empty; say what to look for.", nameof(query));
                }

                var response = await store.SearchAsync(query, scope, Math.Clamp(limit, 1, MaxLimit), cancellationToken).ConfigureAwait(false);
                return new RecallResponse(response.Results.Select(RecalledMemory.From).ToList());
            },
            new AIFunctionFactoryOptions { Name = Name, Description = Description, SerializerOptions = serializerOptions });
    }
}
