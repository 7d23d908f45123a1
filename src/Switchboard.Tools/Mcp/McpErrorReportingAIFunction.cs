using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Switchboard.Tools;

/// <summary>
/// Turns an MCP error result into a failed call. The SDK's <c>McpClientTool</c> returns a failed call as the JSON of
/// its <see cref="CallToolResult"/>, which the model would read as <c>{"content":[...],"isError":true}</c> with its
/// quotes escaped, and which no provider writer recognises as a failure. Thrown as <see cref="McpToolException"/>,
/// it reaches <see cref="FunctionResultContent.Exception"/>, which the writers send the way each protocol marks an
/// error (Anthropic's <c>is_error</c>, Gemini's <c>error</c> key, the text for OpenAI and Ollama).
/// </summary>
internal sealed class McpErrorReportingAIFunction(AIFunction mcpTool, string server) : DelegatingAIFunction(mcpTool)
{
    private static readonly JsonSerializerOptions Json = McpJsonUtilities.DefaultOptions;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result is JsonElement { ValueKind: JsonValueKind.Object } element
            && element.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
        {
            throw new McpToolException(server, Name, DescribeError(element));
        }

        return result;
    }

    private static string DescribeError(JsonElement element)
    {
        var result = (CallToolResult?)element.Deserialize(Json.GetTypeInfo(typeof(CallToolResult)));
        var parts = new List<string>();
        foreach (var block in result?.Content ?? [])
        {
            parts.Add(block switch
            {
                TextContentBlock words => words.Text,
                ImageContentBlock => "[image]",
                AudioContentBlock => "[audio]",
                EmbeddedResourceBlock { Resource: TextResourceContents resource } => resource.Text,
                ResourceLinkBlock link => link.Uri,
                _ => $"[{block.Type}]",
            });
        }

        var text = string.Join("\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        if (text.Length > 0)
        {
            return text;
        }

        // No words at all: the structured content is the best description there is.
        return result?.StructuredContent is { } structured
            ? structured.GetRawText()
            : "The MCP tool reported an error without saying why.";
    }
}
