using Microsoft.Extensions.AI;
using Switchboard.Completion.Engine;

namespace Switchboard.Completion.Tool;

/// <summary>A model client ready for completions, how to prompt it, and how to price its usage.</summary>
internal sealed record CompletionModel(string Name, IChatClient Client, CompletionModelProfile Profile, Func<UsageDetails, decimal?> Price);
