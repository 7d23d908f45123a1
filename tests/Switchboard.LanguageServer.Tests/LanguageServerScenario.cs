using System.Text.Json;
using Xunit;

namespace Switchboard.LanguageServer.Tests;

/// <summary>One run of the node client against the server, shared by the tests that check its parts.</summary>
public sealed class LanguageServerScenario : IAsyncLifetime
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("sb-lsp-").FullName;

    public JsonElement Result { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_workspace, "Order.cs"), "public sealed class Order\n{\n    public decimal Total { get; }\n    public void AddLine(string sku) { }\n}\n");
        Result = await NodeLanguageClient.RunScenarioAsync(_workspace, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_workspace, recursive: true);
        return ValueTask.CompletedTask;
    }
}
