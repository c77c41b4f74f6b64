using System.Runtime.CompilerServices;

namespace Outpost.Templating;

/// <summary>A string already safe for HTML, as markupsafe.Markup: never escaped again.</summary>
public sealed class Markup : IEquatable<Markup>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Markup(string value)
    {
        Value = value ?? string.Empty;
    }

    public string Value { get; }

    /// <summary>Escapes a value as markupsafe.escape does; Markup passes through unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Markup Escape(object? value) => value switch
    {
        Markup m => m,
        _ => new Markup(EscapeText(Runtime.Py.Str(value))),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string EscapeText(string s)
    {
        if (s.AsSpan().IndexOfAny("&<>'\"") < 0)
        {
            return s;
        }
        var sb = new System.Text.StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\'' => "&#39;",
                '"' => "&#34;",
                _ => null,
            } ?? c.ToString());
        }
        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(Markup? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Equals(object? obj) => obj is Markup m && Equals(m);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override string ToString() => Value;
}
