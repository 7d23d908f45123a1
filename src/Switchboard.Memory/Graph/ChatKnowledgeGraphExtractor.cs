using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Graph;

/// <summary>
/// Extracts entities and relations with any <see cref="IChatClient"/> through structured output
/// (<c>GetResponseAsync&lt;ExtractedKnowledge&gt;</c>): the JSON schema of <see cref="ExtractedKnowledge"/> is sent as
/// the response format, so providers that enforce schemas answer in exactly that shape.
/// </summary>
public sealed class ChatKnowledgeGraphExtractor : IKnowledgeGraphExtractor
{
    /// <summary>The instructions sent before every text.</summary>
    public const string Instructions = """
        You build a knowledge graph from notes and summaries of conversations between a developer and an assistant.
        List the people, projects, files, services, libraries and decisions the text names, with their names as
        written (a file with its path). Add the relations between them that the text states, as short snake_case
        verb phrases such as uses, depends_on, owns, works_on, decided, replaces, fixes; both ends of a relation
        must be listed entities. Do not guess what the text does not say. Answer with empty lists when it names none.
        """;

    private readonly IChatClient _chatClient;
    private readonly ChatOptions? _options;

    /// <param name="chatClient">The model that extracts (a small, cheap one is enough).</param>
    /// <param name="options">Options for every call (model id, temperature); the response format is set here.</param>
    public ChatKnowledgeGraphExtractor(IChatClient chatClient, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        _chatClient = chatClient;
        _options = options;
    }

    /// <inheritdoc />
    public async Task<ExtractedKnowledge> ExtractAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ExtractedKnowledge.Empty;
        }

        ChatMessage[] messages = [new(ChatRole.System, Instructions), new(ChatRole.User, text)];
        var response = await _chatClient.GetResponseAsync<ExtractedKnowledge>(
            messages, MemoryJsonContext.Default.Options, _options?.Clone(), useJsonSchemaResponseFormat: true, cancellationToken).ConfigureAwait(false);
        if (!response.TryGetResult(out var knowledge))
        {
            throw new KnowledgeExtractionException($"The extraction model answered with text that is not the entities-and-relations JSON: {Shorten(response.Text)}");
        }

        // A model may leave a list out (null) despite the schema; treat it as empty rather than fail.
        return new ExtractedKnowledge(knowledge.Entities ?? [], knowledge.Relations ?? []);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
