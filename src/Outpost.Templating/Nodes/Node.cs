using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;

namespace Outpost.Templating.Nodes;

/// <summary>Base of all compiled nodes: remembers where in which source it came from.</summary>
internal abstract class Node
{
    protected Node(SourceText source, int pos)
    {
        Source = source;
        Pos = pos;
    }

    public SourceText Source { get; }

    public int Pos { get; }

    /// <summary>Pins an error raised while running this node to its template location.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TemplateException Locate(Exception ex)
    {
        var (line, col) = Source.Locate(Pos);
        return ex switch
        {
            TemplateRuntimeException { HasLocation: false } tre => tre.WithLocation(Source.Name, line, col, Source.LineText(line)),
            TemplateException te => te,
            _ => new TemplateRuntimeException($"{ex.GetType().Name}: {ex.Message}", Source.Name, line, col, Source.LineText(line), ex),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TemplateRuntimeException Error(string message)
    {
        var (line, col) = Source.Locate(Pos);
        return new TemplateRuntimeException(message, Source.Name, line, col, Source.LineText(line));
    }
}
