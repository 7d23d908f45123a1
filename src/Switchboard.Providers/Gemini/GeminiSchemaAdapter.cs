using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Rewrites a JSON Schema into the subset Gemini's <c>Schema</c> object accepts (https://ai.google.dev/api/caching#Schema):
/// type, format, title, description, nullable, enum, items, min/maxItems, properties, required, propertyOrdering,
/// min/maxProperties, minimum, maximum, min/maxLength, pattern, anyOf, default, example. Any other keyword makes the
/// whole request fail with "Invalid JSON payload received. Unknown name ...", so nothing else is copied.
/// </summary>
/// <remarks>
/// <para>
/// Why <c>parameters</c> and not <c>parametersJsonSchema</c>: the newer field takes JSON Schema as is, but it is
/// mutually exclusive with <c>parameters</c>, younger, and not understood by every Gemini-protocol endpoint (Vertex
/// releases, gateways that validate the OpenAPI subset); <c>parameters</c> works with every model and endpoint, and
/// what <c>AIFunctionFactory</c> emits adapts without loss of meaning: type arrays with "null" become <c>nullable</c>,
/// <c>$ref</c>s (including the <c>#/properties/...</c> pointers .NET emits for repeated types) are inlined, <c>oneOf</c>
/// becomes <c>anyOf</c>, <c>allOf</c> is merged, and constraints Gemini lacks are described in the description.
/// </para>
/// </remarks>
internal static class GeminiSchemaAdapter
{
    /// <summary>How many <c>$ref</c>s deep inlining may go; a recursive type stops at its first repetition anyway.</summary>
    private const int MaxRefDepth = 16;

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal) { "string", "number", "integer", "boolean", "array", "object" };

    /// <summary>
    /// The <c>parameters</c> of a function declaration, or null when the function takes none: Gemini rejects an object
    /// schema with empty properties ("properties: should be non-empty for OBJECT type"), and documents leaving
    /// <c>parameters</c> unset for a function without parameters.
    /// </summary>
    public static JsonObject? AdaptParameters(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var adapted = Adapt(schema, schema, []);
        if (adapted["properties"] is not JsonObject { Count: > 0 })
        {
            return null;
        }

        // Vertex AI insists that parameters is an OBJECT schema even when the source left the type implicit.
        adapted["type"] = "object";
        return adapted;
    }

    /// <summary>A schema in Gemini's subset (for <c>responseSchema</c>).</summary>
    public static JsonObject AdaptSchema(JsonElement schema) => Adapt(schema, schema, []);

    private static JsonObject Adapt(JsonElement schema, JsonElement root, List<string> refs)
    {
        // true/false and other non-object schemas place no constraint Gemini can express.
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            return AdaptReference(schema, reference.GetString()!, root, refs);
        }

        var result = new JsonObject();
        var hints = new List<string>();
        var nullable = schema.TryGetProperty("nullable", out var nullableFlag) && nullableFlag.ValueKind == JsonValueKind.True;
        var types = ReadTypes(schema, ref nullable);

        // More than one non-null type has no single-type form; each becomes an anyOf branch.
        string? type = types.Count == 1 ? types[0] : null;
        if (type is not null)
        {
            result["type"] = type;
        }

        CopyString(schema, "title", result);
        CopyString(schema, "description", result);
        AdaptFormat(schema, type, result, hints);
        AdaptEnum(schema, result, hints, ref nullable);

        if (schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            result["items"] = Adapt(items, root, refs);
        }

        CopyInteger(schema, "minItems", result);
        CopyInteger(schema, "maxItems", result);
        AdaptProperties(schema, root, refs, result);
        CopyInteger(schema, "minProperties", result);
        CopyInteger(schema, "maxProperties", result);
        AdaptBounds(schema, type, result);
        CopyInteger(schema, "minLength", result);
        CopyInteger(schema, "maxLength", result);
        CopyString(schema, "pattern", result);
        AdaptVariants(schema, root, refs, result, ref nullable);
        if (types.Count > 1)
        {
            var branches = result["anyOf"] as JsonArray ?? [];
            foreach (var t in types)
            {
                branches.Add((JsonNode)new JsonObject { ["type"] = t });
            }

            result["anyOf"] = branches;
        }

        if (schema.TryGetProperty("default", out var defaultValue))
        {
            result["default"] = ToNode(defaultValue);
        }

        if (schema.TryGetProperty("example", out var example))
        {
            result["example"] = ToNode(example);
        }
        else if (schema.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array && examples.GetArrayLength() > 0)
        {
            result["example"] = ToNode(examples[0]);
        }

        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in allOf.EnumerateArray())
            {
                Merge(result, Adapt(member, root, refs));
            }
        }

        if (!result.ContainsKey("type") && !result.ContainsKey("anyOf"))
        {
            if (result.ContainsKey("properties"))
            {
                result["type"] = "object";
            }
            else if (result.ContainsKey("items"))
            {
                result["type"] = "array";
            }
        }

        if (nullable)
        {
            result["nullable"] = true;
        }

        if (hints.Count > 0)
        {
            var described = result["description"]?.GetValue<string>();
            var note = string.Join("; ", hints);
            result["description"] = string.IsNullOrEmpty(described) ? note : $"{described} ({note})";
        }

        return result;
    }

    private static JsonObject AdaptReference(JsonElement schema, string pointer, JsonElement root, List<string> refs)
    {
        JsonObject target;
        if (refs.Count < MaxRefDepth && !refs.Contains(pointer) && TryResolve(root, pointer, out var resolved))
        {
            refs.Add(pointer);
            target = Adapt(resolved, root, refs);
            refs.RemoveAt(refs.Count - 1);
        }
        else
        {
            // A recursive or unresolvable reference: an unconstrained object is the closest Gemini can say.
            target = new JsonObject { ["type"] = "object" };
        }

        // Keywords beside $ref (allowed since draft 2019-09) describe this use of the referenced type.
        CopyString(schema, "title", target);
        CopyString(schema, "description", target);
        if (schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
        {
            target["nullable"] = true;
        }

        return target;
    }

    /// <summary>Resolves a local JSON pointer (<c>#</c>, <c>#/$defs/X</c>, <c>#/properties/a/items</c>) against the root schema.</summary>
    private static bool TryResolve(JsonElement root, string pointer, out JsonElement resolved)
    {
        resolved = root;
        if (!pointer.StartsWith('#'))
        {
            return false;
        }

        foreach (var rawSegment in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            // RFC 6901 escapes, after the URI fragment's percent-encoding.
            var segment = Uri.UnescapeDataString(rawSegment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty(segment, out var child))
            {
                resolved = child;
            }
            else if (resolved.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < resolved.GetArrayLength())
            {
                resolved = resolved[index];
            }
            else
            {
                return false;
            }
        }

        return resolved.ValueKind == JsonValueKind.Object;
    }

    private static List<string> ReadTypes(JsonElement schema, ref bool nullable)
    {
        var types = new List<string>(1);
        if (!schema.TryGetProperty("type", out var type))
        {
            return types;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            AddType(type.GetString()!, types, ref nullable);
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    AddType(item.GetString()!, types, ref nullable);
                }
            }
        }

        return types;

        static void AddType(string value, List<string> types, ref bool nullable)
        {
            var lower = value.ToLowerInvariant();
            if (lower == "null")
            {
                nullable = true;
            }
            else if (KnownTypes.Contains(lower) && !types.Contains(lower))
            {
                types.Add(lower);
            }
        }
    }

    /// <summary>Gemini accepts only these formats (others fail the request); the rest are told to the model in words.</summary>
    private static void AdaptFormat(JsonElement schema, string? type, JsonObject result, List<string> hints)
    {
        if (!schema.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var value = format.GetString()!;
        var supported = type switch
        {
            "string" => value is "enum" or "date-time",
            "number" => value is "float" or "double",
            "integer" => value is "int32" or "int64",
            _ => false,
        };

        if (supported)
        {
            result["format"] = value;
        }
        else if (value.Length > 0)
        {
            hints.Add($"format: {value}");
        }
    }

    /// <summary>Gemini enums are strings; <c>const</c> is a one-value enum; a null member means nullable.</summary>
    private static void AdaptEnum(JsonElement schema, JsonObject result, List<string> hints, ref bool nullable)
    {
        List<JsonElement> values;
        if (schema.TryGetProperty("enum", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            values = [.. list.EnumerateArray()];
        }
        else if (schema.TryGetProperty("const", out var single))
        {
            values = [single];
        }
        else
        {
            return;
        }

        var strings = new JsonArray();
        var allStrings = true;
        var spelled = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                nullable = true;
                continue;
            }

            spelled.Add(value.GetRawText());
            if (value.ValueKind == JsonValueKind.String)
            {
                strings.Add((JsonNode?)value.GetString());
            }
            else
            {
                allStrings = false;
            }
        }

        if (spelled.Count == 0)
        {
            return;
        }

        if (allStrings)
        {
            result["enum"] = strings;
        }
        else
        {
            hints.Add($"one of: {string.Join(", ", spelled)}");
        }
    }

    private static void AdaptProperties(JsonElement schema, JsonElement root, List<string> refs, JsonObject result)
    {
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var adapted = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            adapted[property.Name] = Adapt(property.Value, root, refs);
        }

        if (adapted.Count == 0)
        {
            return;
        }

        result["properties"] = adapted;

        // Gemini rejects a required name that is not a declared property.
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            var names = new JsonArray();
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && adapted.ContainsKey(name.GetString()!))
                {
                    names.Add((JsonNode?)name.GetString());
                }
            }

            if (names.Count > 0)
            {
                result["required"] = names;
            }
        }

        if (schema.TryGetProperty("propertyOrdering", out var ordering) && ordering.ValueKind == JsonValueKind.Array)
        {
            result["propertyOrdering"] = ToNode(ordering);
        }
    }

    /// <summary>
    /// minimum/maximum are copied; the exclusive forms (draft 6+, numbers) have no Gemini keyword and become the nearest
    /// inclusive bound: exact for integers, a hair loose for numbers.
    /// </summary>
    private static void AdaptBounds(JsonElement schema, string? type, JsonObject result)
    {
        AdaptBound("minimum", "exclusiveMinimum", +1);
        AdaptBound("maximum", "exclusiveMaximum", -1);

        void AdaptBound(string inclusive, string exclusive, int step)
        {
            if (schema.TryGetProperty(inclusive, out var bound) && bound.ValueKind == JsonValueKind.Number)
            {
                result[inclusive] = ToNode(bound);
            }
            else if (schema.TryGetProperty(exclusive, out var open) && open.ValueKind == JsonValueKind.Number)
            {
                result[inclusive] = type == "integer" && open.TryGetInt64(out var whole) ? (JsonNode)(whole + step) : ToNode(open);
            }
        }
    }

    /// <summary><c>anyOf</c> is supported; <c>oneOf</c> is the same to a generating model. Null branches mean nullable.</summary>
    private static void AdaptVariants(JsonElement schema, JsonElement root, List<string> refs, JsonObject result, ref bool nullable)
    {
        List<JsonObject>? variants = null;
        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (!schema.TryGetProperty(keyword, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var variant in list.EnumerateArray())
            {
                if (variant.ValueKind == JsonValueKind.Object && variant.TryGetProperty("type", out var t)
                    && t.ValueKind == JsonValueKind.String && t.ValueEquals("null"))
                {
                    nullable = true;
                    continue;
                }

                (variants ??= []).Add(Adapt(variant, root, refs));
            }
        }

        if (variants is null)
        {
            return;
        }

        if (variants.Count == 1)
        {
            // "anyOf": [X, null], the usual shape of an optional value: X itself.
            Merge(result, variants[0]);
            return;
        }

        var branches = new JsonArray();
        foreach (var variant in variants)
        {
            branches.Add((JsonNode)variant);
        }

        result["anyOf"] = branches;
    }

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>: properties and required are unioned, other keys kept when already set.</summary>
    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            if (key == "properties" && value is JsonObject sourceProperties && target[key] is JsonObject targetProperties)
            {
                foreach (var (name, schema) in sourceProperties.ToList())
                {
                    sourceProperties.Remove(name);
                    if (!targetProperties.ContainsKey(name))
                    {
                        targetProperties[name] = schema;
                    }
                }
            }
            else if (key == "required" && value is JsonArray sourceRequired && target[key] is JsonArray targetRequired)
            {
                var existing = targetRequired.Select(n => n?.GetValue<string>()).ToHashSet();
                foreach (var name in sourceRequired.ToList())
                {
                    sourceRequired.Remove(name);
                    if (existing.Add(name?.GetValue<string>()))
                    {
                        targetRequired.Add((JsonNode?)name);
                    }
                }
            }
            else if (!target.ContainsKey(key))
            {
                target[key] = value;
            }
        }
    }

    private static void CopyString(JsonElement schema, string name, JsonObject result)
    {
        if (schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            result[name] = value.GetString();
        }
    }

    private static void CopyInteger(JsonElement schema, string name, JsonObject result)
    {
        if (schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            result[name] = number;
        }
    }

    private static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(element),
    };
}
