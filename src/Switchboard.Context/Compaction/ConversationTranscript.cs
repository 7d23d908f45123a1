using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>Messages as plain text for the summarizer: who said what, tool calls with arguments, results.</summary>
internal static class ConversationTranscript
{
    public static string Render(IEnumerable<ChatMessage> messages, JsonSerializerOptions jsonOptions)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append("### ").Append(message.Role.Value);
            if (!string.IsNullOrEmpty(message.AuthorName))
            {
                text.Append(" (").Append(message.AuthorName).Append(')');
            }

            text.Append('\n');
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        text.Append("→ tool call ").Append(call.Name).Append(" [").Append(call.CallId).Append("] ")
                            .Append(ContentText.ArgumentsJson(call, jsonOptions)).Append('\n');
                        break;
                    case FunctionResultContent result:
                        text.Append("← result [").Append(result.CallId).Append("]:\n")
                            .Append(ContentText.ResultText(result.Result, jsonOptions)).Append('\n');
                        break;
                    case TextReasoningContent:
                    case UsageContent:
                        // Reasoning is the model's scratch work and usage is bookkeeping: neither is conversation.
                        break;
                    case TextContent t:
                        text.Append(t.Text).Append('\n');
                        break;
                    default:
                        text.Append('[').Append(content is DataContent or UriContent ? "attachment" : content.GetType().Name)
                            .Append(": ").Append(Describe(content)).Append("]\n");
                        break;
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Describe(AIContent content) => content switch
    {
        DataContent data => $"{data.MediaType} {data.Name ?? ""}".Trim(),
        UriContent uri => $"{uri.MediaType} {uri.Uri}",
        _ => content.ToString() ?? "",
    };
}
