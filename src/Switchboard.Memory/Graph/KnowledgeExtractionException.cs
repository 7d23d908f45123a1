namespace Switchboard.Memory.Graph;

/// <summary>The extraction model answered with something that is not the requested entities-and-relations JSON.</summary>
public sealed class KnowledgeExtractionException : Exception
{
    public KnowledgeExtractionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
