using Switchboard.Completion.Engine;
using Switchboard.LanguageServer;
using Switchboard.LanguageServer.TestHost;

// The language server over stdio with the echo model: what `switchboard lsp` runs, with a model whose answers a
// test can predict.
var server = new CompletionLanguageServer(
    new CompletionEngine(),
    new EchoModel(),
    CompletionModelProfile.NativeFillInTheMiddle,
    new LanguageServerOptions { Debounce = TimeSpan.FromMilliseconds(20), CandidateCount = 2 });
return await server.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput());
