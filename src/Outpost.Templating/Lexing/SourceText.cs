namespace Outpost.Templating.Lexing;

/// <summary>Template source with its name and a line index, for error locations.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string name, string text)
    {
        Name = name;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
    }

    public string Name { get; }

    public string Text { get; }

    public (int Line, int Column) Locate(int pos)
    {
        var idx = Array.BinarySearch(_lineStarts, pos);
        if (idx < 0)
        {
            idx = ~idx - 1;
        }
        return (idx + 1, pos - _lineStarts[idx] + 1);
    }

    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }

    public TemplateSyntaxException SyntaxError(string message, int pos)
    {
        var (line, col) = Locate(pos);
        return new TemplateSyntaxException(message, Name, line, col, LineText(line));
    }
}
