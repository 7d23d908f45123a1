using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Models;
using Xunit;
using Switchboard.Catalog;

namespace Switchboard.Core.Tests;

/// <summary>Cost arithmetic against figures computed by hand, one per provider usage shape.</summary>
public sealed class CostCalculatorTests
{
    private static readonly ModelCatalog Catalog = new(ModelCatalog.Parse("""
        { "models": [
          { "id": "openai/test-gpt", "pricing": { "input": 2.0, "output": 8.0, "cached_input": 0.5 } },
          { "id": "anthropic/test-claude", "aliases": ["anthropic/test-claude-20250929"],
            "pricing": { "input": 3.0, "output": 15.0, "cached_input": 0.3, "cache_write": 3.75 } },
          { "id": "gemini/test-pro", "pricing": { "input": 1.25, "output": 10.0, "cached_input": 0.31,
            "long_context": { "threshold_tokens": 200000, "input": 2.5, "output": 15.0, "cached_input": 0.625 } } },
          { "id": "openai/no-price" }
        ] }
        """));

    [Fact]
    public void OpenAI_cached_and_reasoning_tokens()
    {
        // 10,000 prompt tokens of which 4,000 cached; 1,000 completion tokens of which 300 reasoning (billed as output).
        var usage = new UsageDetails { InputTokenCount = 10_000, CachedInputTokenCount = 4_000, OutputTokenCount = 1_000, ReasoningTokenCount = 300 };
        var cost = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("openai/test-gpt")), usage);
        // 6,000 × $2 + 4,000 × $0.50 + 1,000 × $8, per million = 0.012 + 0.002 + 0.008
        Assert.Equal(0.022m, cost.TotalUsd);
        Assert.Equal(0.002m, cost.CachedInputUsd);
        Assert.Equal(0.008m, cost.OutputUsd);
    }

    [Fact]
    public void Anthropic_cache_reads_and_writes()
    {
        // input_tokens 100 + cache_read 2,000 + cache_creation 1,000 = 3,100 total input; 500 output.
        var usage = new UsageDetails
        {
            InputTokenCount = 3_100,
            CachedInputTokenCount = 2_000,
            OutputTokenCount = 500,
            AdditionalCounts = new() { [SwitchboardProperties.CacheCreationInputTokens] = 1_000 },
        };
        var cost = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("anthropic/test-claude-20250929")), usage);
        // 100 × $3 + 2,000 × $0.30 + 1,000 × $3.75 + 500 × $15, per million = 0.0003 + 0.0006 + 0.00375 + 0.0075
        Assert.Equal(0.01215m, cost.TotalUsd);
        Assert.Equal(0.00375m, cost.CacheWriteUsd);
        Assert.Equal(0.0003m, cost.UncachedInputUsd);
    }

    [Fact]
    public void Gemini_long_context_tier_applies_to_the_whole_call()
    {
        var usage = new UsageDetails { InputTokenCount = 250_000, OutputTokenCount = 2_000, ReasoningTokenCount = 1_500 };
        var cost = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("gemini/test-pro")), usage);
        // 250,000 × $2.50 + 2,000 × $15, per million = 0.625 + 0.03
        Assert.Equal(0.655m, cost.TotalUsd);

        var shortPrompt = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("gemini/test-pro")), new UsageDetails { InputTokenCount = 200_000, OutputTokenCount = 1_000 });
        // 200,000 × $1.25 + 1,000 × $10, per million = 0.25 + 0.01
        Assert.Equal(0.26m, shortPrompt.TotalUsd);
    }

    [Fact]
    public void Unknown_and_unpriced_models_are_never_free()
    {
        var usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 };
        var unknown = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("openai/gpt-99")), usage);
        Assert.False(unknown.IsPriced);
        Assert.Null(unknown.TotalUsd);
        Assert.Contains("not in the catalog", unknown.UnpricedReason);

        var noPrice = CostCalculator.Calculate(Catalog.Find(ModelId.Parse("openai/no-price")), usage);
        Assert.False(noPrice.IsPriced);
    }

    [Fact]
    public void Unlisted_models_of_free_providers_are_free_and_of_others_unpriced()
    {
        var catalog = ModelCatalog.CreateDefault(isFreeProvider: provider => provider is "ollama" or "local");
        var usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 1_000 };
        Assert.Equal(0m, CostCalculator.Calculate(catalog.Find(ModelId.Parse("ollama/llama3.2")), usage).TotalUsd);
        Assert.Equal(0m, CostCalculator.Calculate(catalog.Find(ModelId.Parse("local/stories260K")), usage).TotalUsd);
        Assert.Null(CostCalculator.Calculate(catalog.Find(ModelId.Parse("openai/no-such-model")), usage).TotalUsd);
    }

    [Fact]
    public void User_entries_override_shipped_ones()
    {
        var catalog = new ModelCatalog([
            new ModelInfo { Id = "openai/x", Pricing = new ModelPricing { Input = 1, Output = 1 } },
            new ModelInfo { Id = "openai/x", Pricing = new ModelPricing { Input = 5, Output = 5 } },
        ]);
        Assert.Equal(5m, catalog.Find(ModelId.Parse("openai/x"))!.Pricing!.Input);
        Assert.Single(catalog.Models);
    }

    [Fact]
    public void The_shipped_catalog_loads()
    {
        var catalog = ModelCatalog.CreateDefault();
        Assert.True(catalog.Models.Count >= 30);
        foreach (var provider in new[] { "openai", "anthropic", "gemini" })
        {
            Assert.Contains(catalog.Models, m => m.Id.StartsWith(provider + "/", StringComparison.Ordinal) && m.Pricing is not null);
        }

        // LiteLLM's price map (commit 00035b69): gpt-4.1 is $2 in, $8 out, $0.50 cached per 1M tokens.
        var gpt41 = catalog.Find(ModelId.Parse("openai/gpt-4.1-2025-04-14"))!;
        Assert.Equal((2.0m, 8.0m, 0.5m), (gpt41.Pricing!.Input, gpt41.Pricing.Output, gpt41.Pricing.CachedInput!.Value));
        Assert.Equal(1047576, gpt41.ContextWindow);
        Assert.True(gpt41.Capabilities.Vision);
        foreach (var model in catalog.Models)
        {
            Assert.Contains('/', model.Id);
            Assert.True(model.Pricing is null || model.Pricing.Input >= 0);
        }
    }
}
