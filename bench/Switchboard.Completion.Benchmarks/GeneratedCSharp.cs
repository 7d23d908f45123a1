using System.Text;

namespace Switchboard.Completion.Benchmarks;

/// <summary>
/// Deterministic C# that looks like a service layer: records in other files, and one large file whose methods use
/// them, so context assembly has real declarations to look up and a real tree to parse.
/// </summary>
internal static class GeneratedCSharp
{
    /// <summary>A model file declaring <c>Entity{index}</c> with properties and methods.</summary>
    public static string ModelFile(int index)
    {
        var builder = new StringBuilder();
        builder.Append("namespace Shop.Models;\n\n");
        builder.Append($"public sealed class Entity{index}\n{{\n");
        for (var p = 0; p < 6; p++)
        {
            builder.Append($"    public decimal Amount{p} {{ get; set; }}\n");
        }

        for (var m = 0; m < 6; m++)
        {
            builder.Append($"    public Entity{index} WithAmount{m}(decimal value)\n    {{\n        Amount{m} = value;\n        return this;\n    }}\n\n");
        }

        return builder.Append("}\n").ToString();
    }

    /// <summary>A file of about <paramref name="lines"/> lines of classes whose methods use the model types.</summary>
    public static string ServiceFile(int lines, int modelCount)
    {
        var builder = new StringBuilder("using System;\nusing System.Collections.Generic;\nusing Shop.Models;\n\nnamespace Shop.Services;\n\n");
        var written = 6;
        for (var c = 0; written < lines; c++)
        {
            builder.Append($"public sealed class Service{c}\n{{\n    private readonly List<Entity{c % modelCount}> _items = new();\n\n");
            written += 4;
            for (var m = 0; m < 10 && written < lines; m++)
            {
                var entity = $"Entity{(c + m) % modelCount}";
                builder.Append($"    public decimal Total{m}({entity} item, int count)\n    {{\n");
                builder.Append($"        var total = item.Amount{m % 6} * count;\n");
                builder.Append("        if (total > 100)\n        {\n            total -= 10;\n        }\n\n");
                builder.Append($"        item.WithAmount{m % 6}(total);\n        return total;\n    }}\n\n");
                written += 12;
            }

            builder.Append("}\n\n");
            written += 2;
        }

        return builder.ToString();
    }
}
