namespace Switchboard.Tools.Tests;

/// <summary>A workspace folder and a sibling "outside" folder under the temp directory, deleted afterwards.</summary>
internal sealed class TempWorkspace : IDisposable
{
    private readonly string _parent;

    public TempWorkspace()
    {
        _parent = Path.Combine(Path.GetTempPath(), "switchboard-tools-" + Guid.NewGuid().ToString("N"));
        RootPath = Path.Combine(_parent, "workspace");
        OutsidePath = Path.Combine(_parent, "outside");
        Directory.CreateDirectory(RootPath);
        Directory.CreateDirectory(OutsidePath);
        File.WriteAllText(Path.Combine(OutsidePath, "secret.txt"), "outside secret\n");
        Workspace = new Workspace(RootPath);
        Tools = new WorkspaceTools(Workspace);
    }

    public string RootPath { get; }

    public string OutsidePath { get; }

    public Workspace Workspace { get; }

    public WorkspaceTools Tools { get; }

    public string PathOf(string relative) => Path.Combine(RootPath, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public void Dispose()
    {
        try
        {
            // Links are removed, never followed.
            Directory.Delete(_parent, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
