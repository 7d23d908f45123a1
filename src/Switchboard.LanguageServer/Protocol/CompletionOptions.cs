namespace Switchboard.LanguageServer.Protocol;

/// <summary>The completion provider's options.</summary>
public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider);
