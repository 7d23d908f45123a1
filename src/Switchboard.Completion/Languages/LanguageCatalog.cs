using System.Text.RegularExpressions;

namespace Switchboard.Completion.Languages;

/// <summary>The languages completion knows by file extension; anything else is plain text, which still completes.</summary>
public static partial class LanguageCatalog
{
    /// <summary>C#.</summary>
    public static readonly LanguageDefinition CSharp = new("csharp", [".cs", ".csx"], "//", false, CSharpImport());

    /// <summary>TypeScript.</summary>
    public static readonly LanguageDefinition TypeScript = new("typescript", [".ts", ".tsx", ".mts", ".cts"], "//", false, EcmaScriptImport());

    /// <summary>JavaScript.</summary>
    public static readonly LanguageDefinition JavaScript = new("javascript", [".js", ".jsx", ".mjs", ".cjs"], "//", false, EcmaScriptImport());

    /// <summary>Python.</summary>
    public static readonly LanguageDefinition Python = new("python", [".py", ".pyi"], "#", true, PythonImport(), HashComments: true);

    /// <summary>Text in a language not listed: no comments, no imports, brace scopes.</summary>
    public static readonly LanguageDefinition PlainText = new("plaintext", [], null, false, null);

    private static readonly LanguageDefinition[] Known =
    [
        CSharp,
        TypeScript,
        JavaScript,
        Python,
        new("go", [".go"], "//", false, GoImport()),
        new("rust", [".rs"], "//", false, RustImport()),
        new("java", [".java"], "//", false, JavaImport()),
        new("kotlin", [".kt", ".kts"], "//", false, JavaImport()),
        new("c", [".c", ".h"], "//", false, CInclude()),
        new("cpp", [".cc", ".cpp", ".cxx", ".hpp", ".hh"], "//", false, CInclude()),
        new("ruby", [".rb"], "#", false, RubyRequire(), HashComments: true),
        new("shellscript", [".sh", ".bash"], "#", false, null, HashComments: true),
        new("lua", [".lua"], "--", false, null),
        new("sql", [".sql"], "--", false, null),
    ];

    /// <summary>Every language known by extension.</summary>
    public static IReadOnlyList<LanguageDefinition> All => Known;

    /// <summary>The language of a file from its extension; <see cref="PlainText"/> when unknown.</summary>
    public static LanguageDefinition FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        foreach (var language in Known)
        {
            if (language.Extensions.Contains(extension))
            {
                return language;
            }
        }

        return PlainText;
    }

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[\w.=\s]+;\s*$")]
    private static partial Regex CSharpImport();

    [GeneratedRegex(@"^\s*(import\s.+|export\s.+\sfrom\s.+|(const|let|var)\s+.+=\s*require\(.+\).*)$")]
    private static partial Regex EcmaScriptImport();

    [GeneratedRegex(@"^(import\s+[\w., ]+|from\s+[\w.]+\s+import\s+.+)$")]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"^\s*import\s+(\(|""[^""]+"").*$")]
    private static partial Regex GoImport();

    [GeneratedRegex(@"^\s*(pub\s+)?use\s+.+;\s*$")]
    private static partial Regex RustImport();

    [GeneratedRegex(@"^\s*import\s+(static\s+)?[\w.*]+;?\s*$")]
    private static partial Regex JavaImport();

    [GeneratedRegex(@"^\s*#\s*include\s*[<""].+[>""]\s*$")]
    private static partial Regex CInclude();

    [GeneratedRegex(@"^\s*require(_relative)?\s+['""].+['""]\s*$")]
    private static partial Regex RubyRequire();
}
