using System.Net;
using System.Net.Http.Headers;

namespace Switchboard.Benchmarks;

/// <summary>
/// Answers every request with the same body from memory, as a fresh content each time: the clients under test
/// read an HTTP response as they would from the network, with no socket or server in the measurement.
/// </summary>
public sealed class FixtureHttpHandler(byte[] body, string mediaType) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A real transport serializes the request body; some clients write it only then, so it is read here too.
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return response;
    }
}
