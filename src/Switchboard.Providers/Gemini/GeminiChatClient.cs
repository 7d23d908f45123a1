using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// An <see cref="IChatClient"/> for the Gemini API (<c>generateContent</c> and <c>streamGenerateContent?alt=sse</c>,
/// https://ai.google.dev/api/generate-content), hand-written on <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// Thought signatures (https://ai.google.dev/gemini-api/docs/thought-signatures) come back on the content they were
/// attached to: a thought's in <see cref="TextReasoningContent.ProtectedData"/>; a function call's in the call's
/// <see cref="AIContent.AdditionalProperties"/> under <see cref="ThoughtSignatureKey"/>; a text part's as an empty
/// <see cref="TextReasoningContent"/> holding only ProtectedData right after that text. Keep the assistant messages
/// as they are in the history and every signature goes back on the part it came on.
/// </remarks>
internal sealed class GeminiChatClient : HttpChatClient
{
    /// <summary>Key of a function call's thought signature in <see cref="FunctionCallContent"/>'s AdditionalProperties.</summary>
    public const string ThoughtSignatureKey = "thoughtSignature";

    private const string DefaultApiVersion = "v1beta";

    private readonly string _apiRoot;

    public GeminiChatClient(ProviderClientContext context)
        : base(GeminiProviderDescriptor.Instance, context)
    {
        _apiRoot = ApiRoot(BaseUri);
    }

    /// <summary>Creates a client for one model from its settings (tests and direct use).</summary>
    public GeminiChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "gemini")
        : this(new ProviderClientContext { Model = model, Settings = settings, HttpClient = httpClient, ProviderName = providerName })
    {
    }

    /// <summary>
    /// The key travels in the x-goog-api-key header only, never in the <c>?key=</c> query, so it cannot leak through
    /// URLs in logs or errors. https://ai.google.dev/api#authentication
    /// </summary>
    protected override HttpRequestMessage CreateRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{_apiRoot}/{ModelPath(ModelFor(options))}:{method}")
        {
            Content = ProviderHttp.JsonContent((messages, options), static (writer, state) => GeminiRequestWriter.Write(writer, state.messages, state.options)),
        };

        if (ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-goog-api-key", ApiKey);
        }

        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        return request;
    }

    protected override ChatResponse ReadResponse(byte[] body, ChatOptions? options) =>
        GeminiResponseReader.Read(body, new GeminiChunkParser(Http, ModelFor(options), Time.GetUtcNow()));

    protected override IProviderStreamParser CreateStreamParser(ChatOptions? options) =>
        new GeminiChunkParser(Http, ModelFor(options), Time.GetUtcNow());

    protected override ProviderErrorDetails? ParseErrorBody(string body) => GeminiErrorParser.Parse(body);

    /// <summary>
    /// Google answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, which the status alone would
    /// classify as an invalid request.
    /// </summary>
    protected override ProviderException Refine(ProviderException error) =>
        error.Kind == ProviderErrorKind.InvalidRequest && error.ResponseBody?.Contains("\"API_KEY_INVALID\"", StringComparison.Ordinal) == true
            ? new(ProviderErrorKind.Authentication, error.Provider, error.ProviderMessage, error.StatusCode, error.ErrorType, error.ResponseBody, error.RetryAfter, error)
            : error;

    /// <summary><c>{base}/v1beta</c>, unless the base URL already ends in an API version (a gateway URL copied with it).</summary>
    private static string ApiRoot(Uri baseUri)
    {
        var root = baseUri.AbsoluteUri.TrimEnd('/');
        var lastSegment = root[(root.LastIndexOf('/') + 1)..];
        return lastSegment is "v1" or "v1beta" or "v1alpha" ? root : $"{root}/{DefaultApiVersion}";
    }

    private string ModelFor(ChatOptions? options) => string.IsNullOrWhiteSpace(options?.ModelId) ? Model : options.ModelId;

    /// <summary><c>models/{model}</c>; a name that already has its collection (<c>tunedModels/x</c>) is kept.</summary>
    private static string ModelPath(string model)
    {
        var path = model.Contains('/', StringComparison.Ordinal) ? model : $"models/{model}";
        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }
}
