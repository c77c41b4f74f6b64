using System.Globalization;
using System.Numerics;
using System.Text;

namespace Outpost.Templating.Lexing;

/// <summary>Splits template source into tokens with Jinja2's whitespace-control rules.</summary>
internal sealed class Lexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", ".", ",", ":", "|", "(", ")", "[", "]", "{", "}", ";"];

    private readonly SourceText _source;
    private readonly string _text;
    private readonly TemplateOptions _options;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private bool _lineStarting = true;

    public Lexer(SourceText source, TemplateOptions options)
    {
        _source = source;
        _options = options;
        _text = source.Text;
    }

    public List<Token> Tokenize()
    {
        var end = _text.Length;
        if (!_options.KeepTrailingNewline)
        {
            if (_text.EndsWith("\r\n", StringComparison.Ordinal))
            {
                end -= 2;
            }
            else if (_text.EndsWith('\n') || _text.EndsWith('\r'))
            {
                end -= 1;
            }
        }
        while (_pos < end)
        {
            var next = FindTagStart(_pos, end);
            if (next < 0)
            {
                AddData(_text[_pos..end], _pos);
                _pos = end;
                break;
            }
            var data = _text[_pos..next];
            var kind = _text[next + 1];
            var modifier = next + 2 < end ? _text[next + 2] : '\0';
            if (modifier == '-')
            {
                data = data.TrimEnd();
            }
            else if (modifier != '+' && kind != '{' && _options.LstripBlocks)
            {
                data = LstripTail(data);
            }
            AddData(data, _pos);
            var bodyStart = next + 2 + (modifier is '-' or '+' ? 1 : 0);
            switch (kind)
            {
                case '#':
                    LexComment(next, bodyStart, end);
                    break;
                case '%' when TryLexRaw(next, bodyStart, end):
                    break;
                case '%':
                    _tokens.Add(new Token(TokenKind.BlockBegin, "{%", next));
                    _pos = bodyStart;
                    LexInside(TokenKind.BlockEnd, end);
                    break;
                default:
                    _tokens.Add(new Token(TokenKind.VariableBegin, "{{", next));
                    _pos = bodyStart;
                    LexInside(TokenKind.VariableEnd, end);
                    break;
            }
        }
        _tokens.Add(new Token(TokenKind.Eof, string.Empty, end));
        return _tokens;
    }

    private int FindTagStart(int from, int end)
    {
        var i = from;
        while (i < end - 1)
        {
            var idx = _text.IndexOf('{', i, end - 1 - i);
            if (idx < 0)
            {
                return -1;
            }
            var c = _text[idx + 1];
            if (c is '{' or '%' or '#')
            {
                return idx;
            }
            i = idx + 1;
        }
        return -1;
    }

    private string LstripTail(string data)
    {
        var nl = data.LastIndexOf('\n');
        var lpos = nl + 1;
        if (lpos > 0 || _lineStarting)
        {
            for (var i = lpos; i < data.Length; i++)
            {
                if (!char.IsWhiteSpace(data[i]))
                {
                    return data;
                }
            }
            return data[..lpos];
        }
        return data;
    }

    private void AddData(string data, int pos)
    {
        if (data.Length == 0)
        {
            return;
        }
        if (data.Contains('\r', StringComparison.Ordinal))
        {
            data = data.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        _tokens.Add(new Token(TokenKind.Data, data, pos));
    }

    /// <summary>Consumes a tag closer; '-' strips following whitespace, trim_blocks drops one newline unless '+'.</summary>
    private void AfterClose(int closeEnd, bool minus, bool plus, bool block, int end)
    {
        _pos = closeEnd;
        if (minus)
        {
            while (_pos < end && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }
        else if (block && !plus && _options.TrimBlocks && _pos < end && _text[_pos] == '\n')
        {
            _pos++;
        }
        _lineStarting = _pos > 0 && _text[_pos - 1] == '\n';
    }

    private void LexComment(int start, int bodyStart, int end)
    {
        var close = _text.IndexOf("#}", bodyStart, StringComparison.Ordinal);
        if (close < 0 || close + 2 > end)
        {
            // Jinja quietly drops a comment opener (with its modifier) at the very end of the template.
            if (bodyStart >= end)
            {
                _pos = end;
                return;
            }
            throw _source.SyntaxError("Missing end of comment tag", start);
        }
        var minus = close > bodyStart && _text[close - 1] == '-';
        var plus = close > bodyStart && _text[close - 1] == '+';
        AfterClose(close + 2, minus, plus, block: true, end: end);
    }

    private bool TryLexRaw(int start, int bodyStart, int end)
    {
        var i = SkipSpaces(bodyStart);
        if (string.CompareOrdinal(_text, i, "raw", 0, 3) != 0)
        {
            return false;
        }
        i = SkipSpaces(i + 3);
        var minus = false;
        if (i < end && _text[i] == '-')
        {
            minus = true;
            i++;
        }
        if (string.CompareOrdinal(_text, i, "%}", 0, 2) != 0)
        {
            return false;
        }
        _pos = i + 2;
        if (minus)
        {
            while (_pos < end && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }
        _lineStarting = _text[_pos - 1] == '\n';
        // Find {% endraw %} (with optional - / + modifiers).
        var search = _pos;
        while (true)
        {
            var tag = _text.IndexOf("{%", search, StringComparison.Ordinal);
            if (tag < 0 || tag >= end)
            {
                throw _source.SyntaxError("Missing end of raw directive", start);
            }
            var j = tag + 2;
            var endMod = j < end && _text[j] is '-' or '+' ? _text[j] : '\0';
            if (endMod != '\0')
            {
                j++;
            }
            j = SkipSpaces(j);
            if (string.CompareOrdinal(_text, j, "endraw", 0, 6) == 0)
            {
                var k = SkipSpaces(j + 6);
                var closeMinus = false;
                var closePlus = false;
                if (k < end && _text[k] is '-' or '+')
                {
                    closeMinus = _text[k] == '-';
                    closePlus = _text[k] == '+';
                    k++;
                }
                if (string.CompareOrdinal(_text, k, "%}", 0, 2) == 0)
                {
                    var content = _text[_pos..tag];
                    if (endMod == '-')
                    {
                        content = content.TrimEnd();
                    }
                    else if (endMod != '+' && _options.LstripBlocks)
                    {
                        content = LstripTail(content);
                    }
                    AddData(content, _pos);
                    AfterClose(k + 2, closeMinus, closePlus, block: true, end: end);
                    return true;
                }
            }
            search = tag + 2;
        }
    }

    private int SkipSpaces(int i)
    {
        while (i < _text.Length && char.IsWhiteSpace(_text[i]))
        {
            i++;
        }
        return i;
    }

    private void LexInside(TokenKind endKind, int end)
    {
        var start = _pos;
        var closer = endKind == TokenKind.BlockEnd ? "%}" : "}}";
        var depth = 0;
        while (true)
        {
            while (_pos < end && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
            if (_pos >= end)
            {
                throw _source.SyntaxError($"unexpected end of template, expected '{closer}'.", start);
            }
            var c = _text[_pos];
            if (depth == 0)
            {
                if (c == '-' && string.CompareOrdinal(_text, _pos + 1, closer, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endKind, closer, _pos));
                    AfterClose(_pos + 3, minus: true, plus: false, block: endKind == TokenKind.BlockEnd, end: end);
                    return;
                }
                if (c == '+' && endKind == TokenKind.BlockEnd && string.CompareOrdinal(_text, _pos + 1, closer, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endKind, closer, _pos));
                    AfterClose(_pos + 3, minus: false, plus: true, block: true, end: end);
                    return;
                }
                if (string.CompareOrdinal(_text, _pos, closer, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endKind, closer, _pos));
                    AfterClose(_pos + 2, minus: false, plus: false, block: endKind == TokenKind.BlockEnd, end: end);
                    return;
                }
            }
            if (c is '\'' or '"')
            {
                LexString(c, end);
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                LexNumber(end);
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var s = _pos;
                while (_pos < end && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                {
                    _pos++;
                }
                _tokens.Add(new Token(TokenKind.Name, _text[s.._pos], s));
                continue;
            }
            string? op = null;
            foreach (var candidate in Operators)
            {
                if (string.CompareOrdinal(_text, _pos, candidate, 0, candidate.Length) == 0)
                {
                    op = candidate;
                    break;
                }
            }
            if (op is null)
            {
                throw _source.SyntaxError($"unexpected char {Runtime.Py.Repr(c.ToString())} at {_pos}", _pos);
            }
            if (op is "(" or "[" or "{")
            {
                depth++;
            }
            else if (op is ")" or "]" or "}")
            {
                if (depth == 0)
                {
                    throw _source.SyntaxError($"unexpected '{op}'", _pos);
                }
                depth--;
            }
            _tokens.Add(new Token(TokenKind.Operator, op, _pos));
            _pos += op.Length;
        }
    }

    private void LexString(char quote, int end)
    {
        var start = _pos;
        var sb = new StringBuilder();
        var i = _pos + 1;
        while (true)
        {
            if (i >= end)
            {
                throw _source.SyntaxError("unexpected char " + Runtime.Py.Repr(quote.ToString()) + $" at {start}", start);
            }
            var c = _text[i];
            if (c == quote)
            {
                break;
            }
            if (c == '\\' && i + 1 < end)
            {
                i = Unescape(i + 1, sb);
                continue;
            }
            if (c == '\r')
            {
                sb.Append('\n');
                i += i + 1 < end && _text[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            sb.Append(c);
            i++;
        }
        _tokens.Add(new Token(TokenKind.String, sb.ToString(), start));
        _pos = i + 1;
    }

    // Python unicode-escape semantics for the character after a backslash.
    private int Unescape(int i, StringBuilder sb)
    {
        var c = _text[i];
        switch (c)
        {
            case 'n': sb.Append('\n'); return i + 1;
            case 't': sb.Append('\t'); return i + 1;
            case 'r': sb.Append('\r'); return i + 1;
            case '\\': sb.Append('\\'); return i + 1;
            case '\'': sb.Append('\''); return i + 1;
            case '"': sb.Append('"'); return i + 1;
            case 'a': sb.Append('\a'); return i + 1;
            case 'b': sb.Append('\b'); return i + 1;
            case 'f': sb.Append('\f'); return i + 1;
            case 'v': sb.Append('\v'); return i + 1;
            case '\n': return i + 1;
            case 'x' or 'u' or 'U':
                var len = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                if (i + len < _text.Length && int.TryParse(_text.AsSpan(i + 1, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    sb.Append(char.ConvertFromUtf32(code));
                    return i + 1 + len;
                }
                throw _source.SyntaxError("invalid escape in string literal", i);
            default:
                if (c is >= '0' and <= '7')
                {
                    var n = 0;
                    var j = i;
                    while (j < i + 3 && j < _text.Length && _text[j] is >= '0' and <= '7')
                    {
                        n = (n * 8) + (_text[j] - '0');
                        j++;
                    }
                    sb.Append((char)n);
                    return j;
                }
                sb.Append('\\').Append(c);
                return i + 1;
        }
    }

    private void LexNumber(int end)
    {
        var start = _pos;
        var afterDot = _tokens.Count > 0 && _tokens[^1].IsOp(".");
        if (_text[_pos] == '0' && _pos + 1 < end && _text[_pos + 1] is 'b' or 'B' or 'o' or 'O' or 'x' or 'X')
        {
            var radix = char.ToLowerInvariant(_text[_pos + 1]) switch { 'b' => 2, 'o' => 8, _ => 16 };
            var i = _pos + 2;
            BigInteger v = BigInteger.Zero;
            while (i < end && (Uri.IsHexDigit(_text[i]) || _text[i] == '_'))
            {
                if (_text[i] != '_')
                {
                    var d = Convert.ToInt32(_text[i].ToString(), 16);
                    if (d >= radix)
                    {
                        break;
                    }
                    v = (v * radix) + d;
                }
                i++;
            }
            _pos = i;
            _tokens.Add(new Token(TokenKind.Integer, _text[start..i], start, Runtime.Py.Norm(v)));
            return;
        }
        ReadDigits(end);
        var isFloat = false;
        if (!afterDot && _pos + 1 < end && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            ReadDigits(end);
            isFloat = true;
        }
        if (!afterDot && _pos < end && _text[_pos] is 'e' or 'E')
        {
            var j = _pos + 1;
            if (j < end && _text[j] is '+' or '-')
            {
                j++;
            }
            if (j < end && char.IsAsciiDigit(_text[j]))
            {
                _pos = j;
                ReadDigits(end);
                isFloat = true;
            }
        }
        var raw = _text[start.._pos].Replace("_", string.Empty, StringComparison.Ordinal);
        if (isFloat)
        {
            _tokens.Add(new Token(TokenKind.Float, raw, start, double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        else
        {
            _tokens.Add(new Token(TokenKind.Integer, raw, start, Runtime.Py.Norm(BigInteger.Parse(raw, CultureInfo.InvariantCulture))));
        }
    }

    private void ReadDigits(int end)
    {
        while (_pos < end && (char.IsAsciiDigit(_text[_pos]) || (_text[_pos] == '_' && _pos + 1 < end && char.IsAsciiDigit(_text[_pos + 1]))))
        {
            _pos++;
        }
    }
}
