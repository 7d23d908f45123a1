using System.Text.Json;
using Xunit;

namespace Switchboard.LanguageServer.Tests;

/// <summary>The server as an editor sees it: driven over stdio by the node LSP client libraries.</summary>
public sealed class LanguageServerTests(LanguageServerScenario scenario) : IClassFixture<LanguageServerScenario>
{
    private JsonElement Result => scenario.Result;

    private static string[] InsertTexts(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("insertText").GetString()!)];

    [Fact]
    public void Initialize_announces_incremental_sync_completion_and_inline_completion()
    {
        var capabilities = Result.GetProperty("capabilities");
        Assert.Equal(2, capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
        Assert.True(capabilities.GetProperty("textDocumentSync").GetProperty("openClose").GetBoolean());
        Assert.True(capabilities.GetProperty("inlineCompletionProvider").GetBoolean());
        Assert.True(capabilities.TryGetProperty("completionProvider", out _));
    }

    [Fact]
    public void Inline_completion_offers_the_ranked_candidates_at_the_cursor()
    {
        var first = Result.GetProperty("firstInline");
        Assert.Equal(["/*hel*/", "/*hel-2*/"], InsertTexts(first));
        var range = first.GetProperty("items")[0].GetProperty("range");
        Assert.Equal(1, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(12, range.GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(12, range.GetProperty("end").GetProperty("character").GetInt32());
    }

    [Fact]
    public void Incremental_edits_are_applied_before_the_next_completion()
    {
        Assert.Equal(["/*hello*/", "/*hello-2*/"], InsertTexts(Result.GetProperty("afterEdit")));
    }

    [Fact]
    public void Completion_items_replace_the_typed_word_with_itself_plus_the_suggestion()
    {
        var completion = Result.GetProperty("completion");
        Assert.True(completion.GetProperty("isIncomplete").GetBoolean());
        var item = completion.GetProperty("items")[0];
        Assert.Equal("hello/*hello*/", item.GetProperty("label").GetString());
        var edit = item.GetProperty("textEdit");
        Assert.Equal("hello/*hello*/", edit.GetProperty("newText").GetString());
        Assert.Equal(9, edit.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(14, edit.GetProperty("range").GetProperty("end").GetProperty("character").GetInt32());
    }

    [Fact]
    public void A_type_from_an_indexed_workspace_file_reaches_the_csharp_prompt()
    {
        Assert.Equal("/*order+sig*/", InsertTexts(Result.GetProperty("csharp"))[0]);
        Assert.Contains(Result.GetProperty("logs").EnumerateArray(), l => l.GetProperty("message").GetString()!.StartsWith("Indexed 1 files", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancel_request_stops_a_completion_waiting_on_the_model()
    {
        var error = Result.GetProperty("cancelled").GetProperty("error");
        Assert.Equal(-32800, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public void A_provider_failure_gives_no_items_and_an_error_in_the_clients_log()
    {
        Assert.Empty(Result.GetProperty("failed").GetProperty("items").EnumerateArray());
        Assert.Contains(Result.GetProperty("logs").EnumerateArray(), l =>
            l.GetProperty("type").GetInt32() == 1 && l.GetProperty("message").GetString()!.Contains("overloaded", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_positions_and_unknown_documents_are_invalid_params_errors()
    {
        var badPosition = Result.GetProperty("badPosition").GetProperty("error");
        Assert.Equal(-32602, badPosition.GetProperty("code").GetInt32());
        Assert.Contains("line 99", badPosition.GetProperty("message").GetString());
        var unknown = Result.GetProperty("unknownDocument").GetProperty("error");
        Assert.Equal(-32602, unknown.GetProperty("code").GetInt32());
        Assert.Contains("didOpen", unknown.GetProperty("message").GetString());
    }

    [Fact]
    public void Shutdown_then_exit_ends_the_process_with_code_zero()
    {
        Assert.Equal(JsonValueKind.Null, Result.GetProperty("shutdown").ValueKind);
        Assert.Equal(0, Result.GetProperty("exitCode").GetInt32());
    }
}
