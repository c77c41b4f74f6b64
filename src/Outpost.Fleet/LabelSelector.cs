namespace Outpost.Fleet;

/// <summary>A Kubernetes-style label selector (<c>key=v</c>, <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key</c>, <c>!key</c>), ANDed by commas.</summary>
public sealed class LabelSelector
{
    /// <summary>Keys every site has besides its own labels; a site may not set labels with these names.</summary>
    public static readonly IReadOnlyList<string> BuiltInKeys = ["site", "region", "distribution"];

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(string text, IReadOnlyList<Requirement> requirements)
    {
        Text = text;
        _requirements = requirements;
    }

    public string Text { get; }

    /// <summary>The label keys the selector looks at, for checking them against the keys sites have.</summary>
    public IEnumerable<string> Keys => _requirements.Select(r => r.Key).Distinct(StringComparer.Ordinal);

    public override string ToString() => Text;

    /// <summary>Parses a selector; throws <see cref="FormatException"/> naming the offending position.</summary>
    public static LabelSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new LabelSelector(text.Trim(), new Parser(text).ParseAll());
    }

    public bool Matches(Site site) => Matches(site.SelectorLabels);

    /// <summary>Matches a set of labels (which should include <c>site</c>, <c>region</c> and <c>distribution</c>).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Equals => has && value == Values[0],
                // As in Kubernetes, != and notin also match sites that lack the label.
                Operator.NotEquals => !has || value != Values[0],
                Operator.In => has && Values.Contains(value),
                Operator.NotIn => !has || !Values.Contains(value),
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                _ => false,
            };
        }
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<Requirement> ParseAll()
        {
            var result = new List<Requirement>();
            SkipSpace();
            if (_pos == text.Length)
            {
                return result;
            }
            while (true)
            {
                result.Add(ParseRequirement());
                SkipSpace();
                if (_pos == text.Length)
                {
                    return result;
                }
                Expect(',');
            }
        }

        private Requirement ParseRequirement()
        {
            SkipSpace();
            if (Peek() == '!')
            {
                _pos++;
                return new Requirement(Word("label key"), Operator.DoesNotExist, []);
            }
            var key = Word("label key");
            SkipSpace();
            if (_pos == text.Length || Peek() == ',')
            {
                return new Requirement(key, Operator.Exists, []);
            }
            if (Peek() == '!' && PeekAt(1) == '=')
            {
                _pos += 2;
                return new Requirement(key, Operator.NotEquals, [Value()]);
            }
            if (Peek() == '=')
            {
                _pos += PeekAt(1) == '=' ? 2 : 1;
                return new Requirement(key, Operator.Equals, [Value()]);
            }
            var word = Word("operator (=, ==, !=, in, notin)");
            var op = word switch
            {
                "in" => Operator.In,
                "notin" => Operator.NotIn,
                _ => throw Error($"unknown operator '{word}' after '{key}'"),
            };
            SkipSpace();
            Expect('(');
            var values = new List<string>();
            while (true)
            {
                values.Add(Value());
                SkipSpace();
                if (Peek() == ')')
                {
                    _pos++;
                    return new Requirement(key, op, values);
                }
                Expect(',');
            }
        }

        private string Value()
        {
            SkipSpace();
            return Word("value");
        }

        private string Word(string what)
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '-' or '_' or '.' or '/'))
            {
                _pos++;
            }
            return _pos > start ? text[start.._pos] : throw Error($"expected {what}");
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }
            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private char PeekAt(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private FormatException Error(string message)
        {
            var found = _pos < text.Length ? $"'{text[_pos]}'" : "end of selector";
            return new FormatException($"invalid selector \"{text}\": {message} at column {_pos + 1}, found {found}");
        }
    }
}
