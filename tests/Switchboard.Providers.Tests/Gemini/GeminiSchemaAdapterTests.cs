using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Gemini;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiRequestTests;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>JSON Schema to Gemini's Schema subset (https://ai.google.dev/api/caching#Schema).</summary>
public sealed class GeminiSchemaAdapterTests
{
    [Fact]
    public void KeywordsOutsideTheSubsetAreDropped()
    {
        var adapted = Parameters("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","$comment":"c","type":"object",
             "properties":{"tags":{"type":"array","items":{"type":"string","minLength":1,"maxLength":20,"pattern":"^[a-z]+$"},
                                   "minItems":1,"maxItems":5,"uniqueItems":true},
                           "meta":{"type":"object","additionalProperties":{"type":"string"},"propertyNames":{"pattern":"^x"}}},
             "additionalProperties":false,"unevaluatedProperties":false}
            """);

        AssertJson(
            """
            {"type":"object","properties":{
              "tags":{"type":"array","items":{"type":"string","minLength":1,"maxLength":20,"pattern":"^[a-z]+$"},"minItems":1,"maxItems":5},
              "meta":{"type":"object"}}}
            """,
            adapted);
    }

    [Fact]
    public void NullableForms()
    {
        var adapted = Parameters("""
            {"type":"object","properties":{
              "a":{"type":["integer","null"]},
              "b":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}]},
              "c":{"type":"string","nullable":true},
              "d":{"enum":["x","y",null]}
            }}
            """);

        AssertJson(
            """
            {"type":"object","properties":{
              "a":{"type":"integer","nullable":true},
              "b":{"type":"string","format":"date-time","nullable":true},
              "c":{"type":"string","nullable":true},
              "d":{"enum":["x","y"],"nullable":true}
            }}
            """,
            adapted);
    }

    [Fact]
    public void RefsAreInlinedIncludingDotNetPropertyPointersAndRecursionStops()
    {
        var adapted = Parameters("""
            {"type":"object",
             "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
                      "Node":{"type":"object","properties":{"value":{"type":"integer"},"next":{"$ref":"#/$defs/Node"}}}},
             "properties":{
               "home":{"$ref":"#/$defs/Address","description":"Where they live"},
               "work":{"$ref":"#/properties/home"},
               "list":{"$ref":"#/$defs/Node"},
               "lost":{"$ref":"https://example.com/other.json"}
             }}
            """);

        AssertJson(
            """
            {"type":"object","properties":{
              "home":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"description":"Where they live"},
              "work":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"description":"Where they live"},
              "list":{"type":"object","properties":{"value":{"type":"integer"},"next":{"type":"object"}}},
              "lost":{"type":"object"}
            }}
            """,
            adapted);
    }

    [Fact]
    public void UnionsBecomeAnyOfAndAllOfIsMerged()
    {
        var adapted = Parameters("""
            {"type":"object","properties":{
              "id":{"oneOf":[{"type":"string"},{"type":"integer"}]},
              "either":{"type":["string","boolean"]},
              "both":{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                               {"properties":{"b":{"type":"number"}},"required":["b"]}]}
            }}
            """);

        AssertJson(
            """
            {"type":"object","properties":{
              "id":{"anyOf":[{"type":"string"},{"type":"integer"}]},
              "either":{"anyOf":[{"type":"string"},{"type":"boolean"}]},
              "both":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}},"required":["a","b"]}
            }}
            """,
            adapted);
    }

    [Fact]
    public void ConstraintsGeminiLacksAreToldInWordsOrTightened()
    {
        var adapted = Parameters("""
            {"type":"object","properties":{
              "url":{"type":"string","format":"uri","description":"Page"},
              "level":{"type":"integer","enum":[1,2,3]},
              "kind":{"const":"fixed"},
              "count":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10},
              "ratio":{"type":"number","minimum":0,"maximum":1,"format":"double","multipleOf":0.1},
              "when":{"type":"string","format":"date-time","default":"now","examples":["2025-01-01T00:00:00Z"]}
            },"required":["url","missing"]}
            """);

        AssertJson(
            """
            {"type":"object","properties":{
              "url":{"type":"string","description":"Page (format: uri)"},
              "level":{"type":"integer","description":"one of: 1, 2, 3"},
              "kind":{"enum":["fixed"]},
              "count":{"type":"integer","minimum":1,"maximum":9},
              "ratio":{"type":"number","format":"double","minimum":0,"maximum":1},
              "when":{"type":"string","format":"date-time","default":"now","example":"2025-01-01T00:00:00Z"}
            },"required":["url"]}
            """,
            adapted);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{}}""")]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{}""")]
    [InlineData("""true""")]
    public void AFunctionWithoutParametersDeclaresNone(string schema) =>
        Assert.Null(GeminiSchemaAdapter.AdaptParameters(JsonDocument.Parse(schema).RootElement));

    [Fact]
    public void ATypelessRootWithPropertiesIsAnObject() =>
        AssertJson("""{"type":"object","properties":{"q":{"type":"string"}}}""", Parameters("""{"properties":{"q":{"type":"string"}}}"""));

    [Fact]
    public void AnAIFunctionFactorySchemaAdapts()
    {
        var function = AIFunctionFactory.Create(
            ([Description("The city")] string city, int? days, bool detailed = false) => $"{city} {days} {detailed}",
            "get_forecast",
            "Forecast for a city.");

        var adapted = GeminiSchemaAdapter.AdaptParameters(function.JsonSchema)!;
        var json = JsonDocument.Parse(adapted.ToJsonString()).RootElement;

        Assert.Equal("object", json.GetProperty("type").GetString());
        Assert.Equal("string", json.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("The city", json.GetProperty("properties").GetProperty("city").GetProperty("description").GetString());
        Assert.True(json.GetProperty("properties").GetProperty("days").GetProperty("nullable").GetBoolean());
        Assert.Equal("boolean", json.GetProperty("properties").GetProperty("detailed").GetProperty("type").GetString());
        Assert.Contains("city", json.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("\"$", adapted.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("additionalProperties", adapted.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonElement Parameters(string schema)
    {
        var adapted = GeminiSchemaAdapter.AdaptParameters(JsonDocument.Parse(schema).RootElement);
        Assert.NotNull(adapted);
        return JsonDocument.Parse(adapted.ToJsonString()).RootElement;
    }
}
