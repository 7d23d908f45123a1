using System.Net;
using SkiaSharp;
using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImageReferenceTests
{
    private static readonly Lazy<byte[]> LargePhoto = new(() =>
    {
        using var bitmap = TestImages.Gradient(3000, 2000);
        return TestImages.Jpeg(bitmap);
    });

    [Fact]
    public async Task A_conversation_sent_many_times_reads_and_prepares_its_image_once()
    {
        var reads = 0;
        var image = new ImageReference("photo.jpg", _ =>
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult<ReadOnlyMemory<byte>>(LargePhoto.Value);
        });

        var first = await image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken);
        for (var turn = 0; turn < 5; turn++)
        {
            Assert.Same(first, await image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken));
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 16).Select(
            _ => Task.Run(() => image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken))));
        Assert.All(concurrent, p => Assert.Same(first, p));
        Assert.Equal(1, reads);
        Assert.Equal((1152, 768), (first.Width, first.Height));

        // Other limits are another preparation, and equal limits built anew share the first.
        var anthropic = await image.GetPreparedAsync(ProtocolImages.Of("anthropic").Limits, TestContext.Current.CancellationToken);
        Assert.Same(first, await image.GetPreparedAsync(ProtocolImages.Of("openai").Limits with { }, TestContext.Current.CancellationToken));
        Assert.NotSame(first, anthropic);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_read()
    {
        var reads = 0;
        var gate = new TaskCompletionSource();
        var image = new ImageReference("slow.jpg", async _ =>
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
            return LargePhoto.Value;
        });

        var waiting = Enumerable.Range(0, 8).Select(_ => image.GetPreparedAsync(ProtocolImages.Of("gemini").Limits, TestContext.Current.CancellationToken)).ToArray();
        gate.SetResult();
        var prepared = await Task.WhenAll(waiting);

        Assert.Equal(1, reads);
        Assert.All(prepared, p => Assert.Same(prepared[0], p));
    }

    [Fact]
    public async Task A_failure_is_not_cached()
    {
        var reads = 0;
        var image = new ImageReference("flaky.jpg", _ => Interlocked.Increment(ref reads) == 1
            ? Task.FromResult<ReadOnlyMemory<byte>>("half-written"u8.ToArray())
            : Task.FromResult<ReadOnlyMemory<byte>>(LargePhoto.Value));

        var ex = await Assert.ThrowsAsync<ImagePreparationException>(
            () => image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken));
        Assert.Contains("flaky.jpg", ex.Message, StringComparison.Ordinal);

        var prepared = await image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken);
        Assert.Equal(2, reads);
        Assert.True(prepared.WasReencoded);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_spoil_the_preparation_for_others()
    {
        var gate = new TaskCompletionSource();
        var reads = 0;
        var image = new ImageReference("slow.jpg", async _ =>
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
            return LargePhoto.Value;
        });

        using var cancel = new CancellationTokenSource();
        var impatient = image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        gate.SetResult();
        var prepared = await image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken);
        Assert.Equal(1, reads);
        Assert.Equal(1152, prepared.Width);
    }

    [Fact]
    public async Task A_url_is_downloaded_once_with_the_given_client()
    {
        using var handler = new CountingHandler(HttpStatusCode.OK, LargePhoto.Value);
        using var http = new HttpClient(handler);
        var image = new ImageReference(new Uri("http://127.0.0.1:9/images/photo.jpg"), http);

        Assert.Equal(0, handler.Requests); // nothing is read until a request needs it
        var content = await image.ToDataContentAsync(ProtocolImages.Of("anthropic").Limits, TestContext.Current.CancellationToken);
        await image.ToDataContentAsync(ProtocolImages.Of("anthropic").Limits, TestContext.Current.CancellationToken);
        await image.GetPreparedAsync(ProtocolImages.Of("anthropic").Limits, TestContext.Current.CancellationToken);

        Assert.Equal(1, handler.Requests);
        Assert.Equal("http://127.0.0.1:9/images/photo.jpg", handler.Uris.Single().ToString());
        Assert.Equal("image/jpeg", content.MediaType);
        Assert.Equal("photo.jpg", content.Name);
        using var decoded = TestImages.Decode(content.Data);
        Assert.True(ProtocolImages.Of("anthropic").Limits.FitsDimensions(decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_missing_url_is_an_error_naming_the_url()
    {
        using var handler = new CountingHandler(HttpStatusCode.NotFound, "gone"u8.ToArray());
        using var http = new HttpClient(handler);
        var image = new ImageReference(new Uri("https://example.test/missing.png"), http);

        var ex = await Assert.ThrowsAsync<ImagePreparationException>(
            () => image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken));

        Assert.Equal(ImagePreparationFailure.Unreadable, ex.Failure);
        Assert.Contains("https://example.test/missing.png", ex.Message, StringComparison.Ordinal);
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_is_read_when_first_needed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"switchboard-{Guid.NewGuid():N}.png");
        var image = new ImageReference(path);
        using (var bitmap = TestImages.TransparentWithRedSquare(90, 60))
        {
            // Written after the reference was made: proof that nothing was read up front.
            await File.WriteAllBytesAsync(path, TestImages.Png(bitmap), TestContext.Current.CancellationToken);
        }

        try
        {
            var prepared = await image.GetPreparedAsync(ProtocolImages.Of("ollama").Limits, TestContext.Current.CancellationToken);
            Assert.False(prepared.WasReencoded);
            Assert.Equal("image/png", prepared.MediaType);
            Assert.Equal((90, 60), (prepared.Width, prepared.Height));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "switchboard-no-such-image.jpg");
        var image = new ImageReference(new Uri(path));

        var ex = await Assert.ThrowsAsync<ImagePreparationException>(
            () => image.GetPreparedAsync(ProtocolImages.Of("openai").Limits, TestContext.Current.CancellationToken));

        Assert.Equal(ImagePreparationFailure.Unreadable, ex.Failure);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_in_memory_become_data_content()
    {
        using var bitmap = TestImages.Halves(64, 64, SKColors.Red, SKColors.Blue);
        var png = TestImages.Png(bitmap);
        var image = new ImageReference(png, "clipboard.png");

        var content = await image.ToDataContentAsync(ProtocolImages.Of("gemini").Limits, TestContext.Current.CancellationToken);

        Assert.Equal("image/png", content.MediaType);
        Assert.Equal(png, content.Data.ToArray());
        Assert.Equal("clipboard.png", content.Name);
    }

    [Fact]
    public void Only_http_https_and_file_urls_are_taken()
    {
        Assert.Throws<ArgumentException>(() => new ImageReference(new Uri("ftp://host/a.png"), new HttpClient()));
        Assert.Throws<ArgumentNullException>(() => new ImageReference(new Uri("https://host/a.png")));
    }
}
