namespace Switchboard.Completion.Evaluation.Tests;

/// <summary>A dataset folder in the temp directory, deleted afterwards.</summary>
internal sealed class TempDataset : IDisposable
{
    public TempDataset() => Root = Directory.CreateTempSubdirectory("sb-eval-").FullName;

    public string Root { get; }

    public TempDataset WithFile(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public TempDataset WithCases(params string[] jsonLines) => WithFile(CompletionDataset.CasesFile, string.Join('\n', jsonLines) + "\n");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
