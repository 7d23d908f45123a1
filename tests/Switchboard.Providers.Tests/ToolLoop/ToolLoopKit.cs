using Microsoft.Extensions.AI;
using Xunit;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>The client side of the tool-loop tests: a provider client under the function-invoking loop, and stream collection.</summary>
internal static class ToolLoopKit
{
    public const int MaximumIterations = 5;

    public static TheoryData<string> Protocols => new(ToolLoopProtocol.All.Keys);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The provider client wrapped the way an application would: parallel calls, at most <see cref="MaximumIterations"/> rounds.</summary>
    public static IChatClient WithFunctionInvocation(IChatClient providerClient, bool includeDetailedErrors = true) =>
        new ChatClientBuilder(providerClient)
            .UseFunctionInvocation(configure: f =>
            {
                f.AllowConcurrentInvocation = true;
                f.IncludeDetailedErrors = includeDetailedErrors;
                f.MaximumIterationsPerRequest = MaximumIterations;
            })
            .Build();

    /// <summary>Streams one user question through the loop; returns every update and the exception that ended the stream, if any.</summary>
    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> AskAsync(IChatClient client, string question, params AITool[] tools)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, question)], new ChatOptions { Tools = tools }, Ct))
            {
                updates.Add(update);
            }

            return (updates, null);
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }
    }

    /// <summary>The text the model streamed after the last tool results went back: its final answer.</summary>
    public static string FinalAnswer(List<ChatResponseUpdate> updates)
    {
        var lastResults = updates.FindLastIndex(u => u.Contents.Any(c => c is FunctionResultContent));
        return string.Concat(updates.Skip(lastResults + 1).Select(u => u.Text));
    }

    /// <summary>The one result for <paramref name="name"/>; throws (and so fails the scripted request) when there is not exactly one.</summary>
    public static WireToolResult ResultFor(IReadOnlyList<WireToolResult> results, string name) => Assert.Single(results, r => r.Name == name);
}
