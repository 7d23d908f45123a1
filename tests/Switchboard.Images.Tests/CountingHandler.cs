using System.Net;

namespace Switchboard.Images.Tests;

/// <summary>Answers every request with the same status and body, and counts the requests.</summary>
internal sealed class CountingHandler(HttpStatusCode status, byte[] body) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public List<Uri> Uris { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        lock (Uris)
        {
            Uris.Add(request.RequestUri!);
        }

        await Task.Yield();
        return new HttpResponseMessage(status) { Content = new ByteArrayContent(body), RequestMessage = request };
    }
}
