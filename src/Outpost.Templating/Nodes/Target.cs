using System.Collections;
using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>The left side of set/for/with: a name, a tuple of targets, or namespace.attr.</summary>
internal sealed class Target : Node
{
    public Target(SourceText source, int pos, string? name, Target[]? items, string? attribute)
        : base(source, pos)
    {
        Name = name is null ? null : string.Intern(name);
        Items = items;
        Attribute = attribute;
    }

    public string? Name { get; }

    public Target[]? Items { get; }

    /// <summary>For ns.attr targets: the attribute; Name is then the namespace variable.</summary>
    public string? Attribute { get; }

    public IEnumerable<string> Names => Items is null ? (Attribute is null && Name is not null ? [Name] : []) : Items.SelectMany(i => i.Names);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Assign(Frame frame, object? value)
    {
        if (Items is null)
        {
            if (Attribute is null)
            {
                frame.Set(Name!, value);
                return;
            }
            if (frame.Lookup(Name!) is not Namespace ns)
            {
                throw new TemplateRuntimeException("cannot assign attribute on non-namespace object");
            }
            ns.Set(Attribute, value);
            return;
        }
        var values = value as IList ?? Py.ToList(value);
        if (values.Count < Items.Length)
        {
            throw new TemplateRuntimeException($"not enough values to unpack (expected {Items.Length}, got {values.Count})");
        }
        if (values.Count > Items.Length)
        {
            throw new TemplateRuntimeException($"too many values to unpack (expected {Items.Length})");
        }
        for (var i = 0; i < Items.Length; i++)
        {
            Items[i].Assign(frame, values[i]);
        }
    }
}
