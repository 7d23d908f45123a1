using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Http;

/// <summary>
/// What every provider's embedding generator does alike: split the texts into requests of at most the provider's
/// batch size, check that each answer has one vector per text, and add the usage of all requests up.
/// </summary>
internal static class EmbeddingBatches
{
    /// <summary>The vectors and token count of one request.</summary>
    public readonly record struct BatchResult(IReadOnlyList<float[]> Vectors, long? InputTokens);

    /// <summary>Sends <paramref name="values"/> in batches through <paramref name="send"/> and collects the embeddings in order.</summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    public static async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        ProviderHttp http,
        IEnumerable<string> values,
        int maxBatch,
        string modelId,
        Func<IReadOnlyList<string>, CancellationToken, Task<BatchResult>> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.Select(v => v ?? throw new ArgumentException("A text to embed is null.", nameof(values))).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long? inputTokens = null;
        var created = DateTimeOffset.UtcNow;
        foreach (var batch in texts.Chunk(maxBatch))
        {
            var answer = await send(batch, cancellationToken).ConfigureAwait(false);
            if (answer.Vectors.Count != batch.Length)
            {
                throw http.InvalidResponse($"The response holds {answer.Vectors.Count} embeddings for {batch.Length} inputs.");
            }

            foreach (var vector in answer.Vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = modelId, CreatedAt = created });
            }

            if (answer.InputTokens is { } tokens)
            {
                inputTokens = (inputTokens ?? 0) + tokens;
            }
        }

        if (inputTokens is { } total)
        {
            result.Usage = new UsageDetails { InputTokenCount = total, TotalTokenCount = total };
        }

        return result;
    }

    /// <summary>
    /// The body OpenAI's <c>/embeddings</c> and Ollama's <c>/api/embed</c> share: <c>model</c>, <c>input</c> as an array
    /// of strings and the optional <c>dimensions</c>, then whatever <paramref name="more"/> adds.
    /// </summary>
    public static HttpContent ModelInputsContent(string model, IReadOnlyList<string> texts, int? dimensions, Action<Utf8JsonWriter>? more = null) =>
        ProviderHttp.JsonContent((model, texts, dimensions, more), static (writer, state) =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", state.model);
            writer.WriteStartArray("input");
            foreach (var text in state.texts)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
            if (state.dimensions is { } count)
            {
                writer.WriteNumber("dimensions", count);
            }

            state.more?.Invoke(writer);
            writer.WriteEndObject();
        });

    /// <summary>Reads a JSON array of numbers as floats.</summary>
    /// <exception cref="JsonException">The element is not an array of numbers.</exception>
    public static float[] ReadVector(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"An embedding is a {array.ValueKind}, not an array of numbers.");
        }

        var vector = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var value in array.EnumerateArray())
        {
            vector[i++] = value.GetSingle();
        }

        return vector;
    }

    /// <summary>Parses a success body, turning bad JSON or a missing field into an invalid-response error.</summary>
    public static T Parse<T>(ProviderHttp http, byte[] body, string what, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw http.InvalidResponse($"The response is not {what}: {ex.Message}", ex);
        }
    }
}
