using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Conversations;

/// <summary>A stored conversation as Markdown (to read and share) or JSON (to move or process).</summary>
internal static class ConversationExport
{
    public static string ToMarkdown(StoredConversation conversation, JsonSerializerOptions jsonOptions)
    {
        var info = conversation.Info;
        var text = new StringBuilder();
        text.Append("# ").Append(string.IsNullOrWhiteSpace(info.Title) ? "Conversation " + info.Id : info.Title).Append("\n\n");
        text.Append("- Model: ").Append(info.Model).Append('\n');
        if (info.Workspace is not null)
        {
            text.Append("- Workspace: ").Append(info.Workspace).Append('\n');
        }

        text.Append("- Started: ").Append(info.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append("- Messages: ").Append(info.MessageCount).Append("\n\n");
        foreach (var message in conversation.Messages)
        {
            text.Append("## ").Append(Heading(message)).Append("\n\n");
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent reasoning when reasoning.Text.Length > 0:
                        text.Append("<details><summary>Reasoning</summary>\n\n").Append(reasoning.Text).Append("\n\n</details>\n\n");
                        break;
                    case TextContent t:
                        text.Append(t.Text).Append("\n\n");
                        break;
                    case FunctionCallContent call:
                        text.Append("**Tool call** `").Append(call.Name).Append("` (").Append(call.CallId).Append(")\n\n")
                            .Append(Fenced(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), jsonOptions.GetTypeInfo(typeof(IDictionary<string, object?>))), "json"));
                        break;
                    case FunctionResultContent result:
                        text.Append("**Tool result** (").Append(result.CallId).Append(")\n\n")
                            .Append(Fenced(Tokens.ContentText.ResultText(result.Result, jsonOptions), ""));
                        break;
                    case DataContent data when data.HasTopLevelMediaType("image"):
                        text.Append("*[image: ").Append(data.Name ?? data.MediaType).Append("]*\n\n");
                        break;
                    case UriContent uri:
                        text.Append("*[").Append(uri.MediaType).Append(": ").Append(uri.Uri).Append("]*\n\n");
                        break;
                    case UsageContent:
                        break;
                    default:
                        text.Append("*[").Append(content.GetType().Name).Append(": ").Append(content).Append("]*\n\n");
                        break;
                }
            }
        }

        return text.ToString();
    }

    public static async Task WriteJsonAsync(StoredConversation conversation, JsonTypeInfo<ChatMessage> messageJson, Stream stream, CancellationToken cancellationToken)
    {
        var info = conversation.Info;
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("id", info.Id);
        writer.WriteString("title", info.Title);
        writer.WriteString("model", info.Model);
        writer.WriteString("workspace", info.Workspace);
        writer.WriteString("created_at", info.CreatedAt);
        writer.WriteString("updated_at", info.UpdatedAt);
        writer.WriteStartArray("messages");
        foreach (var message in conversation.Messages)
        {
            JsonSerializer.Serialize(writer, message, messageJson);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Heading(ChatMessage message)
    {
        var role = message.Role == ChatRole.User ? "User"
            : message.Role == ChatRole.Assistant ? "Assistant"
            : message.Role == ChatRole.System ? "System"
            : message.Role == ChatRole.Tool ? "Tool" : message.Role.Value;
        return message.AuthorName is { Length: > 0 } name ? $"{role} ({name})" : role;
    }

    // A fence longer than any backtick run inside, so a result holding Markdown cannot close it early.
    private static string Fenced(string body, string language)
    {
        var longest = 2;
        var run = 0;
        foreach (var c in body)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        return $"{fence}{language}\n{body}\n{fence}\n\n";
    }
}
