using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for the OpenAI Chat Completions API (<c>POST {base}/chat/completions</c>), and so for
/// every server that speaks it: vLLM, llama.cpp, Ollama's /v1, LM Studio, Groq, DeepSeek, OpenRouter and others.
/// </summary>
internal sealed class OpenAIChatClient : HttpChatClient
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private readonly Uri _chatCompletionsUri;
    private readonly bool _isOpenAIPlatform;

    /// <summary>Creates a client for one model (the key, when configured, goes as <c>Authorization: Bearer</c>).</summary>
    public OpenAIChatClient(ProviderClientContext context)
        : base(OpenAIProviderDescriptor.Instance, context)
    {
        // The base URL is used as given (e.g. http://localhost:8000/v1): compatible servers mount the API anywhere.
        _chatCompletionsUri = new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        _isOpenAIPlatform = OpenAIProviderDescriptor.IsOpenAIPlatform(BaseUri);
    }

    /// <summary>Creates a client for one model from its settings (tests and direct use).</summary>
    public OpenAIChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "openai")
        : this(new ProviderClientContext { Model = model, Settings = settings, HttpClient = httpClient, ProviderName = providerName })
    {
    }

    protected override HttpRequestMessage CreateRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _chatCompletionsUri)
        {
            Content = ProviderHttp.JsonContent(
                new OpenAIRequest(messages, options, Model, stream, _isOpenAIPlatform),
                static (writer, state) => OpenAIRequestWriter.Write(writer, state)),
        };
        if (ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        if (stream)
        {
            request.Headers.Accept.Add(EventStream);
        }

        return request;
    }

    protected override ChatResponse ReadResponse(byte[] body, ChatOptions? options) => OpenAIResponseReader.Read(body, ProviderName);

    protected override IProviderStreamParser CreateStreamParser(ChatOptions? options) => new OpenAIStreamParser(ProviderName);

    protected override ProviderErrorDetails? ParseErrorBody(string body) => OpenAIErrorParser.Parse(body);
}
