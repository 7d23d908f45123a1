using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Tools a test can check by their answers: reverse("abc") = "cba", add(2, 3) = 5, and read_note, which fails the way
// real servers report a failed call: a result with isError set and the reason as text (quotes included, so a test
// can see they reach the model as quotes and not as JSON escapes).
var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "switchboard-test-server", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create((string text) => new string(text.Reverse().ToArray()), new McpServerToolCreateOptions { Name = "reverse", Description = "Reverses a text." }),
        McpServerTool.Create((int a, int b) => a + b, new McpServerToolCreateOptions { Name = "add", Description = "Adds two integers." }),
        McpServerTool.Create(
            (string name) => new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = $"Note \"{name}\" does not exist." }],
            },
            new McpServerToolCreateOptions { Name = "read_note", Description = "Reads a note by name; there are no notes, so it always fails." }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport("switchboard-test-server"), options);
await server.RunAsync();
