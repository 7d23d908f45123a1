using System.Diagnostics;
using System.Text.Json;

namespace Switchboard.Context.Tests;

/// <summary>
/// A second, independent tiktoken implementation: npm's <c>js-tiktoken</c> (a JavaScript port of OpenAI's tiktoken)
/// run by node. Installed from the npm registry into the test output on first use.
/// </summary>
internal static class IndependentTiktoken
{
    public const string Package = "js-tiktoken@1.0.21";

    private const string Script = """
        const fs = require("fs");
        const { getEncoding } = require("js-tiktoken");
        const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        const result = {};
        for (const name of ["o200k_base", "cl100k_base"]) {
          const encoding = getEncoding(name);
          // No special tokens: text is counted as ordinary text, as the API counts message content.
          result[name] = texts.map(t => encoding.encode(t, [], []).length);
        }
        process.stdout.write(JSON.stringify(result));
        """;

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Counts of every text in <c>o200k_base</c> and <c>cl100k_base</c>, by js-tiktoken.</summary>
    public static async Task<Dictionary<string, int[]>> CountAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var directory = await InstallAsync(cancellationToken);
        var input = Path.Combine(directory, $"texts-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(texts, TestJsonContext.Default.IReadOnlyListString), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "count.js"), Script, cancellationToken);
        try
        {
            var output = await RunAsync("node", ["count.js", input], directory, cancellationToken);
            return JsonSerializer.Deserialize(output, TestJsonContext.Default.DictionaryStringInt32Array)!;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "js-tiktoken");
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path.Combine(directory, "node_modules", "js-tiktoken", "package.json")))
            {
                Directory.CreateDirectory(directory);
                await RunAsync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", directory, Package], directory, cancellationToken);
            }

            return directory;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {program}; node and npm are needed for the independent tiktoken check.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
