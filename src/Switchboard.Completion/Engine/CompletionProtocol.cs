namespace Switchboard.Completion.Engine;

/// <summary>How a model is asked for a completion.</summary>
public enum CompletionProtocol
{
    /// <summary>A FIM transport that takes the suffix itself (Ollama <c>suffix</c>, Mistral, the local model).</summary>
    FillInTheMiddle,

    /// <summary>A FIM transport given a raw prompt templated here with the model family's FIM tokens.</summary>
    TemplatedFillInTheMiddle,

    /// <summary>A chat model, asked to fill a marked hole (no FIM tokens).</summary>
    Chat,
}
