using Switchboard.Completion.Engine;
using Xunit;

namespace Switchboard.LanguageServer.Tests;

public sealed class DocumentPathsTests
{
    [Fact]
    public void File_uris_become_local_paths_with_escapes_decoded() =>
        Assert.Equal("/home/me/my project/a.cs", DocumentPaths.FromUri("file:///home/me/my%20project/a.cs", "csharp"));

    [Fact]
    public void An_untitled_document_gets_the_extension_of_its_language_so_the_engine_knows_it() =>
        Assert.Equal("untitled:Untitled-1.py", DocumentPaths.FromUri("untitled:Untitled-1", "python"));

    [Fact]
    public void A_known_extension_is_kept_whatever_the_language_id() =>
        Assert.Equal("/w/a.ts", DocumentPaths.FromUri("file:///w/a.ts", "javascript"));

    [Fact]
    public void Server_settings_are_validated_when_the_server_is_built() =>
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new CompletionLanguageServer(
            new CompletionEngine(), new NoModel(), CompletionModelProfile.Chat,
            new LanguageServerOptions { CandidateCount = 0 }));

    private sealed class NoModel : Microsoft.Extensions.AI.IChatClient
    {
        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
