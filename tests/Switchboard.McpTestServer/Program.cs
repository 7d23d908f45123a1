using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Two tools a test can check by their answers: reverse("abc") = "cba", add(2, 3) = 5.
var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "switchboard-test-server", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create((string text) => new string(text.Reverse().ToArray()), new McpServerToolCreateOptions { Name = "reverse", Description = "Reverses a text." }),
        McpServerTool.Create((int a, int b) => a + b, new McpServerToolCreateOptions { Name = "add", Description = "Adds two integers." }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport("switchboard-test-server"), options);
await server.RunAsync();
