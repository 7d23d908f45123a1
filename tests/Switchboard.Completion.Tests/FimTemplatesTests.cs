using Switchboard.Completion.Templates;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class FimTemplatesTests
{
    [Theory]
    [InlineData("ollama/qwen2.5-coder:1.5b", "qwen2.5-coder")]
    [InlineData("Qwen/Qwen2.5-Coder-7B", "qwen2.5-coder")]
    [InlineData("codestral-latest", "codestral")]
    [InlineData("deepseek-coder:6.7b-base", "deepseek-coder")]
    [InlineData("bigcode/starcoder2-3b", "starcoder2")]
    [InlineData("codellama:7b-code", "codellama")]
    [InlineData("codegemma:2b", "codegemma")]
    public void The_family_is_found_from_the_model_name(string model, string family) =>
        Assert.Equal(family, FimTemplates.ForModel(model)!.Family);

    [Fact]
    public void A_model_of_no_known_family_has_no_template() => Assert.Null(FimTemplates.ForModel("gpt-4.1"));

    [Fact]
    public void Prefix_suffix_middle_order_for_qwen() =>
        Assert.Equal("<|fim_prefix|>def f(<|fim_suffix|>)\n<|fim_middle|>", FimTemplates.QwenCoder.Render("def f(", ")\n"));

    [Fact]
    public void Codestral_puts_the_suffix_first() =>
        Assert.Equal("[SUFFIX]return a + b[PREFIX]def f(", FimTemplates.Codestral.Render("def f(", "return a + b"));

    [Fact]
    public void Code_llama_spaces_its_markers() =>
        Assert.Equal("<PRE> x =  <SUF>\ny <MID>", FimTemplates.CodeLlama.Render("x = ", "\ny"));

    [Fact]
    public void Every_template_stops_on_its_own_markers()
    {
        foreach (var template in FimTemplates.All)
        {
            Assert.NotEmpty(template.StopSequences);
            Assert.StartsWith("http", template.Source);
        }
    }

    [Fact]
    public void An_unknown_family_name_lists_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => FimTemplates.ByFamily("gpt"));
        Assert.Contains("starcoder2", ex.Message);
    }
}
