using System.Globalization;

namespace Switchboard.Memory.Evaluation;

/// <summary>The evaluation's command line: <c>--dev N --test N --man DIR --chunks 96,160 --k 10,60 --max-chunks N</c>.</summary>
internal sealed record EvaluationSettings
{
    public int DevPages { get; init; } = 200;

    public int TestPages { get; init; } = 600;

    public string ManDirectory { get; init; } = "/usr/share/man";

    public IReadOnlyList<int> ChunkSizes { get; init; } = [96, 160, 256];

    public IReadOnlyList<int> Constants { get; init; } = [5, 10, 20, 40, 60, 100];

    public int MaxChunksPerPage { get; init; } = 8;

    /// <exception cref="ArgumentException">An unknown option or a bad number.</exception>
    public static EvaluationSettings Parse(string[] args)
    {
        var settings = new EvaluationSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i - 1] switch
            {
                "--dev" => settings with { DevPages = Number(value) },
                "--test" => settings with { TestPages = Number(value) },
                "--man" => settings with { ManDirectory = value },
                "--chunks" => settings with { ChunkSizes = value.Split(',').Select(Number).ToList() },
                "--k" => settings with { Constants = value.Split(',').Select(Number).ToList() },
                "--max-chunks" => settings with { MaxChunksPerPage = Number(value) },
                var unknown => throw new ArgumentException($"Unknown option {unknown}; options: --dev --test --man --chunks --k --max-chunks."),
            };
        }

        return settings;
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"'{text}' is not a whole number.");
}
