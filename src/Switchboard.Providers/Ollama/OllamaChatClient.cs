using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// An <see cref="IChatClient"/> for Ollama's native chat API, <c>POST {host}/api/chat</c>
/// (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion): NDJSON streaming,
/// thinking, tool calls, images, structured output. A configured key (ollama.com, or a proxy) goes as a bearer token.
/// </summary>
internal sealed class OllamaChatClient : HttpChatClient
{
    private static readonly MediaTypeWithQualityHeaderValue NdjsonMediaType = new("application/x-ndjson");
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly Uri _chatUri;

    public OllamaChatClient(ProviderClientContext context)
        : base(OllamaProviderDescriptor.Instance, context)
    {
        _chatUri = OllamaEndpoint.Resolve(BaseUri, "/api/chat");
    }

    /// <summary>Creates a client for one model from its settings (tests and direct use).</summary>
    public OllamaChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "ollama")
        : this(new ProviderClientContext { Model = model, Settings = settings, HttpClient = httpClient, ProviderName = providerName })
    {
    }

    protected override HttpRequestMessage CreateRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _chatUri)
        {
            Content = ProviderHttp.JsonContent(new OllamaRequest(ProviderName, Model, messages, options, stream), OllamaRequestWriter.Write),
        };
        request.Headers.Accept.Add(stream ? NdjsonMediaType : JsonMediaType);
        if (ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        return request;
    }

    protected override ChatResponse ReadResponse(byte[] body, ChatOptions? options) =>
        OllamaResponseReader.Read(body, ProviderName, NewResponseId());

    protected override IProviderStreamParser CreateStreamParser(ChatOptions? options) =>
        new OllamaStreamParser(ProviderName, NewResponseId());

    protected override ProviderErrorDetails? ParseErrorBody(string body) => OllamaErrorParser.Parse(body);

    /// <summary>Ollama sends no response id; one is made per call so updates of one answer can be grouped.</summary>
    private static string NewResponseId() => "ollama-" + Guid.NewGuid().ToString("N");
}
