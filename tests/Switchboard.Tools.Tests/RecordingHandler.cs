using System.Net;
using System.Text;

namespace Switchboard.Tools.Tests;

/// <summary>Keeps the body of every request and answers each with a 400, so a provider client's request can be read.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    public List<string> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        return new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"error":{"message":"recorded by the test","type":"invalid_request_error"}}""", Encoding.UTF8, "application/json"),
        };
    }
}
