using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Errors;

namespace Switchboard.LanguageServer.TestHost;

/// <summary>
/// A deterministic model for driving the server from a real client: it answers with the last word of the prompt in
/// a comment (so the client can see which text the server saw), as two candidates of which the first is likelier, adds "+sig" when the prompt carries signatures from
/// other files, hangs on "SLOW" until cancelled and fails on "FAIL" as a provider would.
/// </summary>
internal sealed partial class EchoModel : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.Last().Text;
        if (prompt.Contains("SLOW", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (prompt.Contains("FAIL", StringComparison.Ordinal))
        {
            throw new ProviderException(ProviderErrorKind.Overloaded, "echo", "The echo model is overloaded.");
        }

        var word = LastWord().Match(prompt).Value;
        var signatures = prompt.Contains("Declared in other files", StringComparison.Ordinal) ? "+sig" : string.Empty;
        return new ChatResponse(
        [
            // The first is the more likely one, so the server's ranking must keep it first.
            FillInTheMiddle.CreateCandidate($"/*{word}{signatures}*/", -0.1),
            FillInTheMiddle.CreateCandidate($"/*{word}{signatures}-2*/", -2.0),
        ])
        { ModelId = "echo" };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    [GeneratedRegex(@"\w+(?=\W*$)")]
    private static partial Regex LastWord();
}
