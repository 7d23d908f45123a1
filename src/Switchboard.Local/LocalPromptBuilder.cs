using System.Text;
using LLama;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Local;

/// <summary>Turns a conversation into the single prompt string a local model continues.</summary>
internal static class LocalPromptBuilder
{
    /// <summary>The stop text for transcript prompts: the model would otherwise write the user's next line too.</summary>
    public const string UserTurnMarker = "\nUser:";

    /// <summary>
    /// With a chat template in the GGUF metadata, the template formats the turns. Without one (stories260K),
    /// a lone user message is the prompt itself (the model continues the text), and longer conversations
    /// become a plain "User:/Assistant:" transcript.
    /// </summary>
    public static string Build(LoadedModel model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var turns = new List<(string Role, string Text)>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            turns.Add(("system", options.Instructions));
        }

        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                // Only text reaches a local model; an image or attachment of any kind is refused, not silently dropped.
                if (content is not (TextContent or TextReasoningContent or UsageContent or FunctionCallContent or FunctionResultContent or ErrorContent))
                {
                    throw new ProviderException(ProviderErrorKind.InvalidRequest, LocalProviderDescriptor.ProtocolName,
                        "Local models cannot read images or attachments; use a vision model such as openai/gpt-4.1 or gemini/gemini-2.5-flash.");
                }
            }

            var text = message.Text;
            if (!string.IsNullOrEmpty(text))
            {
                turns.Add((message.Role.Value, text));
            }
        }

        if (model.ChatTemplate is not null)
        {
            var template = new LLamaTemplate(model.Weights) { AddAssistant = true };
            foreach (var (role, text) in turns)
            {
                template.Add(role, text);
            }

            return Encoding.UTF8.GetString(template.Apply());
        }

        if (turns.Count == 1 && turns[0].Role == ChatRole.User.Value)
        {
            return turns[0].Text;
        }

        var transcript = new StringBuilder();
        foreach (var (role, text) in turns)
        {
            var label = role switch
            {
                "system" => "System",
                "assistant" => "Assistant",
                _ => "User",
            };
            transcript.Append(label).Append(": ").Append(text).Append('\n');
        }

        return transcript.Append("Assistant:").ToString();
    }
}
