using Switchboard.Completion.Templates;

namespace Switchboard.Completion.Engine;

/// <summary>How to prompt one model for completions.</summary>
/// <param name="Protocol">Native FIM, templated FIM, or chat.</param>
/// <param name="Template">The FIM template, for <see cref="CompletionProtocol.TemplatedFillInTheMiddle"/>.</param>
public sealed record CompletionModelProfile(CompletionProtocol Protocol, FimTemplate? Template = null)
{
    /// <summary>A FIM transport that formats prefix and suffix itself.</summary>
    public static CompletionModelProfile NativeFillInTheMiddle { get; } = new(CompletionProtocol.FillInTheMiddle);

    /// <summary>A chat model.</summary>
    public static CompletionModelProfile Chat { get; } = new(CompletionProtocol.Chat);

    /// <summary>A FIM transport given raw prompts in <paramref name="template"/>'s format.</summary>
    public static CompletionModelProfile Templated(FimTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new CompletionModelProfile(CompletionProtocol.TemplatedFillInTheMiddle, template);
    }

    /// <summary>
    /// The profile for a FIM transport serving <paramref name="model"/>: native when the server applies the model's
    /// FIM template to a suffix itself (Ollama, Mistral, the local model); otherwise templated here when the family is
    /// known (llama.cpp and vLLM completions endpoints take a raw prompt); otherwise plain continuation of the prefix.
    /// </summary>
    public static CompletionModelProfile ForTransport(string model, bool serverAppliesTemplate)
    {
        ArgumentNullException.ThrowIfNull(model);
        return !serverAppliesTemplate && FimTemplates.ForModel(model) is { } template ? Templated(template) : NativeFillInTheMiddle;
    }
}
