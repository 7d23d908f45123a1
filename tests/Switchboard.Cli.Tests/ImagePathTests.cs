using SkiaSharp;
using Switchboard.Cli.Chat;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>
/// Image paths as terminals produce them: drag and drop quotes a path with spaces or escapes the spaces, and ~ is
/// the home folder. <c>/image</c> gets them raw (no shell in between), <c>--image</c> may get them too.
/// </summary>
public sealed class ImagePathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("switchboard-image-paths-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Photo(string relative)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(40, 30);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Teal);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    private static Func<string, string?> Home(string home) => name => name == "HOME" ? home : null;

    [Fact]
    public async Task Slash_image_takes_a_dropped_path_quoted_escaped_or_as_a_file_url()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Backslash escapes are POSIX shell quoting.");
        var spaced = Photo("holiday pics/beach day.png");
        var apostrophe = Photo("it's here.png");
        await using var server = await ScriptedOpenAIServer.StartAsync();

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" },
            stdin: $"/image '{spaced}'\n/image \"{spaced}\"\n/image {spaced.Replace(" ", "\\ ", StringComparison.Ordinal)}\n" +
                $"/image '{apostrophe.Replace("'", "'\\''", StringComparison.Ordinal)}'  \n/image {new Uri(spaced).AbsoluteUri}\n/exit\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(4, run.Stdout.Split("attached beach day.png: 40×30").Length - 1);
        Assert.Contains("attached it's here.png: 40×30", run.Stdout);
        Assert.DoesNotContain("does not exist", run.Stdout);
    }

    [Fact]
    public async Task Tilde_means_the_home_folder_for_both_image_flags()
    {
        Photo("home/pics/cat.png");
        var home = Path.Combine(_folder, "home");
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueText("A teal square.");

        var print = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl, "--image", "~/pics/cat.png", "-p", "What is it?"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" }, homeDirectory: home);
        var repl = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" }, stdin: "/image ~/pics/cat.png\n/exit\n", homeDirectory: home);

        Assert.True(print.ExitCode == 0, print.Stdout + print.Stderr);
        Assert.Contains("image: cat.png: 40×30", print.Stderr);
        Assert.Contains("attached cat.png: 40×30", repl.Stdout);
    }

    [Fact]
    public async Task A_missing_quoted_path_names_what_was_looked_for()
    {
        var missing = Path.Combine(_folder, "no such.png");
        await using var server = await ScriptedOpenAIServer.StartAsync();

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" }, stdin: $"/image '{missing}'\n/exit\n");

        Assert.Contains($"Image '{missing}' does not exist.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_normaliser_undoes_shell_quoting_and_leaves_real_names_alone()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX quoting.");
        var odd = Photo("quote'd \\name.png");

        Assert.Equal("/p/with space.png", PathArgument.Normalize("'/p/with space.png'", Home("/h")));
        Assert.Equal("/p/with space.png", PathArgument.Normalize("  \"/p/with space.png\" ", Home("/h")));
        Assert.Equal("/p/with space (1).png", PathArgument.Normalize(@"/p/with\ space\ \(1\).png", Home("/h")));
        Assert.Equal("/p/it's.png", PathArgument.Normalize(@"'/p/it'\''s.png'", Home("/h")));
        Assert.Equal("/p/a b.png", PathArgument.Normalize("file:///p/a%20b.png", Home("/h")));
        Assert.Equal("/h/pics/a.png", PathArgument.Normalize("~/pics/a.png", Home("/h")));
        Assert.Equal("'/p/unbalanced.png", PathArgument.Normalize("'/p/unbalanced.png", Home("/h")));
        Assert.Equal(odd, PathArgument.Normalize(odd, Home("/h")));
    }
}
