using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Xunit;

namespace Switchboard.Providers.Tests.Infrastructure;

/// <summary>Requests in the fill-in-the-middle convention and a canned JSON answer, shared by the FIM transport tests.</summary>
internal static class FimTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static List<ChatMessage> Prompt(string prompt) => [new(ChatRole.User, prompt)];

    public static ChatOptions Options(string? suffix = null, int? candidates = null, bool raw = false, bool logprobs = false)
    {
        var options = new ChatOptions { MaxOutputTokens = 64, Temperature = 0.2f, StopSequences = ["\n\n"], AdditionalProperties = [] };
        if (suffix is not null)
        {
            options.AdditionalProperties[FillInTheMiddle.Suffix] = suffix;
        }

        if (candidates is { } n)
        {
            options.AdditionalProperties[FillInTheMiddle.CandidateCount] = n;
        }

        if (raw)
        {
            options.AdditionalProperties[FillInTheMiddle.Raw] = true;
        }

        if (logprobs)
        {
            options.AdditionalProperties[FillInTheMiddle.LogProbabilities] = true;
        }

        return options;
    }

    public static Func<HttpContext, RecordedRequest, Task> Json(string body, int status = 200) =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        };
}
