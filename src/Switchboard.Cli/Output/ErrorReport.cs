using Switchboard.Cli.Hosting;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers;
using Switchboard.Core.Routing;

namespace Switchboard.Cli.Output;

/// <summary>An error as scripts see it: <c>{"error":{"kind","status","message"}}</c> plus the exit code.</summary>
internal sealed record ErrorReport(string Kind, int? Status, string Message, int ExitCode)
{
    /// <summary>Maps the exceptions the CLI expects; anything else is a bug and is rethrown by the caller.</summary>
    public static ErrorReport? From(Exception exception) => exception switch
    {
        ProviderException p => new(p.KindName, p.StatusCode is { } s ? (int)s : null, p.ProviderMessage, ExitCodes.ProviderError),
        RouteExhaustedException r => new(r.LastProviderError?.KindName ?? "server", r.LastProviderError?.StatusCode is { } rs ? (int)rs : null, r.Message, ExitCodes.ProviderError),
        Core.Budgets.BudgetExceededException b => new("budget_exceeded", null, b.Message, ExitCodes.ProviderError),
        Switchboard.Tools.McpServerStartException mcp => new("configuration", null, mcp.Message, ExitCodes.UsageError),
        Switchboard.Tools.WorkspacePathException w => new("invalid_request", null, w.Message, ExitCodes.UsageError),
        Switchboard.Images.ImagePreparationException i => new("invalid_request", null, i.Message, ExitCodes.UsageError),
        MissingApiKeyException m => new("authentication", null, m.Message, ExitCodes.UsageError),
        UnknownProviderException u => new("invalid_request", null, u.Message, ExitCodes.UsageError),
        SettingsLoadException c => new("configuration", null, c.Message, ExitCodes.UsageError),
        Context.Compaction.ContextWindowExceededException w => new("context_length_exceeded", null, w.Message, ExitCodes.ProviderError),
        SwitchboardConfigurationException c => new("configuration", null, c.Message, ExitCodes.UsageError),
        Core.Storage.SwitchboardStorageException s => new("configuration", null, s.Message, ExitCodes.UsageError),
        FormatException f => new("invalid_request", null, f.Message, ExitCodes.UsageError),
        _ => null,
    };
}
