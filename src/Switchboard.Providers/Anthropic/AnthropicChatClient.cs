using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// An <see cref="IChatClient"/> for the Anthropic Messages API (<c>POST {base}/v1/messages</c>), written on
/// <see cref="HttpClient"/> without the Anthropic SDK. The key goes in the <c>x-api-key</c> header only.
/// </summary>
internal sealed class AnthropicChatClient : HttpChatClient
{
    /// <summary>The API version header value (https://platform.claude.com/docs/en/api/versioning).</summary>
    private const string ApiVersion = "2023-06-01";

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    private readonly Uri _messagesUri;

    public AnthropicChatClient(ProviderClientContext context)
        : base(AnthropicProviderDescriptor.Instance, context)
    {
        _messagesUri = MessagesUri(BaseUri);
    }

    /// <summary>Creates a client for one model from its settings (tests and direct use).</summary>
    public AnthropicChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "anthropic")
        : this(new ProviderClientContext { Model = model, Settings = settings, HttpClient = httpClient, ProviderName = providerName })
    {
    }

    protected override HttpRequestMessage CreateRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri)
        {
            Content = ProviderHttp.JsonContent(
                new AnthropicRequest(messages, options, Model, stream),
                static (writer, state) => AnthropicRequestWriter.Write(writer, state)),
        };

        if (ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", ApiKey);
        }

        request.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        request.Headers.Accept.Add(stream ? EventStream : Json);
        return request;
    }

    protected override ChatResponse ReadResponse(byte[] body, ChatOptions? options) =>
        AnthropicResponseReader.Read(body, ProviderName, Time.GetUtcNow());

    protected override IProviderStreamParser CreateStreamParser(ChatOptions? options) =>
        new AnthropicStreamParser(ProviderName, Time.GetUtcNow());

    protected override ProviderErrorDetails? ParseErrorBody(string body) => AnthropicErrorParser.Parse(body);

    /// <summary>
    /// The documented base (<c>https://api.anthropic.com</c>, as in ANTHROPIC_BASE_URL) gets <c>/v1/messages</c>;
    /// a base that already ends in <c>/v1</c> gets <c>/messages</c>.
    /// </summary>
    private static Uri MessagesUri(Uri baseUri)
    {
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? root + "/messages" : root + "/v1/messages");
    }
}
