namespace Switchboard.Memory.Graph;

/// <summary>Reads entities and relations out of a summary or note.</summary>
public interface IKnowledgeGraphExtractor
{
    /// <summary>The entities and relations <paramref name="text"/> states.</summary>
    /// <exception cref="KnowledgeExtractionException">The extractor's answer could not be read.</exception>
    Task<ExtractedKnowledge> ExtractAsync(string text, CancellationToken cancellationToken = default);
}
