using System.Text;

namespace SourceAD.Generators.Optimizers;

/// <summary>A minimal indented text writer for generated C#.</summary>
internal sealed class IndentedSourceWriter
{
    private const int SpacesPerLevel = 4;

    private readonly StringBuilder builder = new();
    private int depth;

    public IndentedSourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            builder.Append(' ', depth * SpacesPerLevel);
            builder.Append(text);
        }

        // Always '\n', so generated text is byte-identical on every OS.
        builder.Append('\n');
        return this;
    }

    public IndentedSourceWriter Open(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }

        Line("{");
        depth++;
        return this;
    }

    public IndentedSourceWriter Close(string suffix = "")
    {
        depth--;
        Line("}" + suffix);
        return this;
    }

    public override string ToString() => builder.ToString();
}
