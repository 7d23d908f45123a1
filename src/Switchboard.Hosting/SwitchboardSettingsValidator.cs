using Microsoft.Extensions.Options;
using Switchboard.Configuration;
using Switchboard.Models;
using Switchboard.Providers;

namespace Switchboard.Hosting;

/// <summary>
/// Checks every setting before anything is sent, naming each bad one by its path in the config file: each provider's
/// own settings (through its descriptor), model and route names, budget, cache and tool limits.
/// </summary>
public sealed class SwitchboardSettingsValidator(IEnumerable<ProviderDescriptor> descriptors) : IValidateOptions<SwitchboardSettings>
{
    private readonly Dictionary<string, ProviderDescriptor> _descriptors = descriptors
        .GroupBy(d => d.Protocol, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SwitchboardSettings options)
    {
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }

    /// <summary>Every problem with <paramref name="settings"/>; empty when they can work.</summary>
    public IReadOnlyList<ConfigurationError> Validate(SwitchboardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        foreach (var (provider, providerSettings) in settings.Providers)
        {
            var protocol = providerSettings.Protocol ?? provider;
            if (!_descriptors.TryGetValue(protocol, out var descriptor))
            {
                errors.Add(new($"providers.{provider}.protocol", $"'{protocol}' is not a known protocol (known: {Known})"));
                continue;
            }

            errors.AddRange(descriptor.Validate(provider, providerSettings));
        }

        if (settings.DefaultModel is { } defaultModel)
        {
            CheckModelOrRoute("default_model", defaultModel, settings, errors);
        }

        foreach (var (route, models) in settings.Routes)
        {
            if (models.Count == 0)
            {
                errors.Add(new($"routes.{route}", "lists no models"));
            }

            for (var i = 0; i < models.Count; i++)
            {
                CheckModel($"routes.{route}[{i}]", models[i], settings, errors);
            }
        }

        if (settings.Budget is { } budget)
        {
            CheckNonNegative("budget.daily_usd", budget.DailyUsd, errors);
            CheckNonNegative("budget.monthly_usd", budget.MonthlyUsd, errors);
            if (!(budget.AlertAt > 0 && budget.AlertAt <= 1))
            {
                errors.Add(new("budget.alert_at", $"must be a fraction above 0 and at most 1 (got {budget.AlertAt})"));
            }

            if (budget.FallbackModel is { } fallback)
            {
                CheckModelOrRoute("budget.fallback_model", fallback, settings, errors);
            }
        }

        if (!(double.IsFinite(settings.Cache.TtlHours) && settings.Cache.TtlHours > 0))
        {
            errors.Add(new("cache.ttl_hours", $"must be a number of hours above 0 (got {settings.Cache.TtlHours})"));
        }

        if (!(double.IsFinite(settings.Context.AutoCompactAt) && settings.Context.AutoCompactAt > 0 && settings.Context.AutoCompactAt <= 1))
        {
            errors.Add(new("context.auto_compact_at", $"must be a share of the window above 0 and at most 1 (got {settings.Context.AutoCompactAt})"));
        }

        if (settings.Context.KeepRecentTokens is <= 0)
        {
            errors.Add(new("context.keep_recent_tokens", $"must be above 0 (got {settings.Context.KeepRecentTokens})"));
        }

        if (settings.Context.SummaryModel is { } summaryModel)
        {
            CheckModelOrRoute("context.summary_model", summaryModel, settings, errors);
        }

        if (settings.Tools.MaxSteps is < 1 or > 1000)
        {
            errors.Add(new("tools.max_steps", $"must be between 1 and 1000 (got {settings.Tools.MaxSteps})"));
        }

        for (var i = 0; i < settings.Models.Count; i++)
        {
            var model = settings.Models[i];
            if (string.IsNullOrWhiteSpace(model.Id) || !model.Id.Contains('/', StringComparison.Ordinal))
            {
                errors.Add(new($"models[{i}].id", $"must be provider/model (got '{model.Id}')"));
            }

            if (model.ContextWindow is <= 0)
            {
                errors.Add(new($"models[{i}].context_window", $"must be above 0 (got {model.ContextWindow})"));
            }

            if (model.MaxOutputTokens is <= 0)
            {
                errors.Add(new($"models[{i}].max_output_tokens", $"must be above 0 (got {model.MaxOutputTokens})"));
            }

            if (model.Pricing is { } pricing && (pricing.Input < 0 || pricing.Output < 0 || pricing.CachedInput < 0 || pricing.CacheWrite < 0))
            {
                errors.Add(new($"models[{i}].pricing", "prices must not be negative"));
            }
        }

        return errors;
    }

    private string Known => string.Join(", ", _descriptors.Keys.Order(StringComparer.Ordinal));

    private void CheckModelOrRoute(string setting, string value, SwitchboardSettings settings, List<ConfigurationError> errors)
    {
        if (!settings.Routes.ContainsKey(value))
        {
            CheckModel(setting, value, settings, errors);
        }
    }

    private void CheckModel(string setting, string value, SwitchboardSettings settings, List<ConfigurationError> errors)
    {
        ModelId model;
        try
        {
            model = ModelId.Parse(value);
        }
        catch (FormatException)
        {
            errors.Add(new(setting, $"'{value}' is not provider/model{(settings.Routes.Count > 0 ? " or a route name" : "")}"));
            return;
        }

        var protocol = settings.GetProvider(model.Provider).Protocol ?? model.Provider;
        if (!_descriptors.ContainsKey(protocol))
        {
            errors.Add(new(setting, $"provider '{model.Provider}' of '{value}' is not known (known: {Known}; a custom provider needs a \"protocol\")"));
        }
    }

    private static void CheckNonNegative(string setting, decimal? value, List<ConfigurationError> errors)
    {
        if (value is < 0)
        {
            errors.Add(new(setting, $"must not be negative (got {value})"));
        }
    }
}
