using Outpost.Templating.Filters;
using Outpost.Templating.Lexing;
using Outpost.Templating.Nodes;
using Outpost.Templating.Runtime;
using Outpost.Templating.Tests;

namespace Outpost.Templating.Parsing;

/// <summary>Recursive-descent parser from tokens to the executable node tree, following Jinja2's grammar.</summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly SourceText _src;
    private readonly Dictionary<string, BlockStmt> _blocks = new(StringComparer.Ordinal);
    private readonly List<string> _tagStack = [];
    private int _i;
    private int _ifDepth;
    private bool _autoescape;

    public Parser(SourceText source, TemplateOptions options)
    {
        _src = source;
        _tokens = new Lexer(source, options).Tokenize();
    }

    private Token Current => _tokens[_i];

    private Token Peek(int n = 1) => _tokens[Math.Min(_i + n, _tokens.Count - 1)];

    private Token Next() => _tokens[_i++];

    public CompiledTemplate Parse()
    {
        var body = Subparse();
        if (Current.Kind != TokenKind.Eof)
        {
            throw Fail($"unexpected {Current}");
        }
        return new CompiledTemplate(_src, body, _blocks).Analyze();
    }

    private TemplateSyntaxException Fail(string message, int? pos = null) => _src.SyntaxError(message, pos ?? Current.Pos);

    private Token Expect(TokenKind kind, string? value = null)
    {
        var t = Current;
        if (t.Kind != kind || (value is not null && t.Value != value))
        {
            var want = value is not null ? $"'{value}'" : kind switch
            {
                TokenKind.Name => "name",
                TokenKind.BlockEnd => "end of statement block",
                TokenKind.VariableEnd => "end of print statement",
                _ => kind.ToString().ToLowerInvariant(),
            };
            if (t.Kind == TokenKind.Eof)
            {
                throw Fail($"unexpected end of template, expected {want}.");
            }
            throw Fail($"expected token {want}, got {t}");
        }
        _i++;
        return t;
    }

    private bool SkipOp(string op)
    {
        if (Current.IsOp(op))
        {
            _i++;
            return true;
        }
        return false;
    }

    private bool SkipName(string name)
    {
        if (Current.IsName(name))
        {
            _i++;
            return true;
        }
        return false;
    }

    /// <summary>Parses template content until a block tag whose name is one of endTags (left unconsumed after '{%').</summary>
    private Stmt[] Subparse(params string[] endTags)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.Data:
                    _i++;
                    body.Add(new DataStmt(_src, t.Pos, t.Value));
                    break;
                case TokenKind.VariableBegin:
                    _i++;
                    var expr = ParseTuple(withCondExpr: true);
                    Expect(TokenKind.VariableEnd);
                    body.Add(new OutputStmt(_src, expr.Pos, expr, _autoescape));
                    break;
                case TokenKind.BlockBegin:
                    _i++;
                    if (Current.Kind == TokenKind.Name && endTags.Contains(Current.Value))
                    {
                        return body.ToArray();
                    }
                    body.Add(ParseStatement());
                    break;
                case TokenKind.Eof:
                    if (endTags.Length > 0)
                    {
                        throw Fail($"Unexpected end of template. Jinja was looking for the following tags: {DescribeTags(endTags)}. The innermost block that needs to be closed is '{_tagStack[^1]}'.");
                    }
                    return body.ToArray();
                default:
                    throw Fail($"unexpected {t}");
            }
        }
    }

    private static string DescribeTags(string[] tags) => string.Join(" or ", tags.Select(t => $"'{t}'"));

    private Stmt ParseStatement()
    {
        GuardDepth();
        var t = Current;
        if (t.Kind != TokenKind.Name)
        {
            throw Fail("tag name expected");
        }
        _tagStack.Add(t.Value);
        try
        {
            switch (t.Value)
            {
                case "if": return ParseIf();
                case "for": return ParseFor();
                case "set": return ParseSet();
                case "macro": return ParseMacro();
                case "call": return ParseCallBlock();
                case "filter": return ParseFilterBlock();
                case "with": return ParseWith();
                case "block": return ParseBlock();
                case "extends": return ParseExtends();
                case "include": return ParseInclude();
                case "import": return ParseImport();
                case "from": return ParseFrom();
                case "autoescape": return ParseAutoescape();
                default:
                    var msg = $"Encountered unknown tag '{t.Value}'.";
                    if (_tagStack.Count > 1)
                    {
                        msg += $" The innermost block that needs to be closed is '{_tagStack[^2]}'.";
                    }
                    throw Fail(msg);
            }
        }
        finally
        {
            _tagStack.RemoveAt(_tagStack.Count - 1);
        }
    }

    private Stmt ParseIf()
    {
        var pos = Next().Pos;
        var tests = new List<Expr>();
        var bodies = new List<Stmt[]>();
        Stmt[]? otherwise = null;
        _ifDepth++;
        try
        {
            while (true)
            {
                tests.Add(ParseTuple(withCondExpr: false));
                Expect(TokenKind.BlockEnd);
                bodies.Add(Subparse("elif", "else", "endif"));
                var tag = Next().Value;
                if (tag == "elif")
                {
                    continue;
                }
                if (tag == "else")
                {
                    Expect(TokenKind.BlockEnd);
                    otherwise = Subparse("endif");
                    Next();
                }
                break;
            }
        }
        finally
        {
            _ifDepth--;
        }
        Expect(TokenKind.BlockEnd);
        return new IfStmt(_src, pos, tests.ToArray(), bodies.ToArray(), otherwise);
    }

    private Stmt ParseFor()
    {
        var pos = Next().Pos;
        var target = ParseAssignTarget(extraEnd: "in");
        Expect(TokenKind.Name, "in");
        var iter = ParseTuple(withCondExpr: false, extraEnd: "recursive");
        Expr? condition = null;
        if (SkipName("if"))
        {
            condition = ParseExpression();
        }
        var recursive = SkipName("recursive");
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endfor", "else");
        Stmt[]? otherwise = null;
        if (Next().Value == "else")
        {
            Expect(TokenKind.BlockEnd);
            otherwise = Subparse("endfor");
            Next();
        }
        Expect(TokenKind.BlockEnd);
        return new ForStmt(_src, pos, target, iter, condition, body, otherwise, recursive);
    }

    private Stmt ParseSet()
    {
        var pos = Next().Pos;
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipOp("="))
        {
            var value = ParseTuple(withCondExpr: true);
            Expect(TokenKind.BlockEnd);
            return new SetStmt(_src, pos, target, value);
        }
        var filters = ParseFilterChain();
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endset");
        Next();
        Expect(TokenKind.BlockEnd);
        return new SetBlockStmt(_src, pos, target, filters, body);
    }

    private FilterExpr[] ParseFilterChain()
    {
        var filters = new List<FilterExpr>();
        while (SkipOp("|"))
        {
            filters.Add(ParseFilterTail(null));
        }
        return filters.ToArray();
    }

    private Stmt ParseMacro()
    {
        var pos = Next().Pos;
        var name = Expect(TokenKind.Name).Value;
        var (ps, defaults) = ParseSignature();
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endmacro");
        Next();
        Expect(TokenKind.BlockEnd);
        return new MacroStmt(_src, pos, MakeMacroDef(name, ps, defaults, body));
    }

    private static MacroDef MakeMacroDef(string name, string[] ps, Expr?[] defaults, Stmt[] body)
    {
        var used = NameScanner.Find(body, ps);
        return new MacroDef(name, ps, defaults, body, used.Contains("varargs"), used.Contains("kwargs"), used.Contains("caller"));
    }

    private (string[] Names, Expr?[] Defaults) ParseSignature()
    {
        var names = new List<string>();
        var defaults = new List<Expr?>();
        Expect(TokenKind.Operator, "(");
        while (!Current.IsOp(")"))
        {
            if (names.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
            }
            var n = Expect(TokenKind.Name);
            if (n.Value is "true" or "false" or "none" or "True" or "False" or "None")
            {
                throw Fail($"cannot assign to {n.Value}", n.Pos);
            }
            names.Add(string.Intern(n.Value));
            if (SkipOp("="))
            {
                defaults.Add(ParseExpression());
            }
            else
            {
                if (defaults.Count > 0 && defaults[^1] is not null)
                {
                    throw Fail("non-default argument follows default argument");
                }
                defaults.Add(null);
            }
        }
        Expect(TokenKind.Operator, ")");
        return (names.ToArray(), defaults.ToArray());
    }

    private Stmt ParseCallBlock()
    {
        var pos = Next().Pos;
        string[] ps = [];
        Expr?[] defaults = [];
        if (Current.IsOp("("))
        {
            (ps, defaults) = ParseSignature();
        }
        var call = ParseExpression();
        if (call is not CallExpr ce)
        {
            throw Fail("expected call", call.Pos);
        }
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endcall");
        Next();
        Expect(TokenKind.BlockEnd);
        return new CallBlockStmt(_src, pos, ce, MakeMacroDef("caller", ps, defaults, body));
    }

    private Stmt ParseFilterBlock()
    {
        var pos = Next().Pos;
        var filters = new List<FilterExpr> { ParseFilterTail(null) };
        filters.AddRange(ParseFilterChain());
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endfilter");
        Next();
        Expect(TokenKind.BlockEnd);
        return new FilterBlockStmt(_src, pos, filters.ToArray(), body);
    }

    private Stmt ParseWith()
    {
        var pos = Next().Pos;
        var targets = new List<Target>();
        var values = new List<Expr>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (targets.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
            }
            targets.Add(ParseAssignTarget());
            Expect(TokenKind.Operator, "=");
            values.Add(ParseExpression());
        }
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endwith");
        Next();
        Expect(TokenKind.BlockEnd);
        return new WithStmt(_src, pos, targets.ToArray(), values.ToArray(), body);
    }

    private Stmt ParseAutoescape()
    {
        Next();
        var flag = ParseExpression();
        Expect(TokenKind.BlockEnd);
        var saved = _autoescape;
        // Jinja evaluates the flag at compile time when it is constant; that is the common case.
        _autoescape = flag is ConstExpr c ? Py.Truthy(c.Value) : saved;
        Stmt[] body;
        try
        {
            body = Subparse("endautoescape");
        }
        finally
        {
            _autoescape = saved;
        }
        var pos = Next().Pos;
        Expect(TokenKind.BlockEnd);
        return new WithStmt(_src, pos, [], [], body);
    }

    private Stmt ParseBlock()
    {
        var pos = Next().Pos;
        var name = Expect(TokenKind.Name).Value;
        var scoped = SkipName("scoped");
        var required = SkipName("required");
        if (Current.IsOp("-"))
        {
            throw Fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.");
        }
        Expect(TokenKind.BlockEnd);
        var body = Subparse("endblock");
        Next();
        if (Current.Kind == TokenKind.Name)
        {
            var endName = Next();
            if (endName.Value != name)
            {
                throw Fail($"'{name}' does not match '{endName.Value}'", endName.Pos);
            }
        }
        Expect(TokenKind.BlockEnd);
        if (required && body.Any(s => s is not DataStmt d || !string.IsNullOrWhiteSpace(d.Text)))
        {
            throw Fail("Required blocks can only contain comments or whitespace", pos);
        }
        if (_blocks.ContainsKey(name))
        {
            throw Fail($"block '{name}' defined twice", pos);
        }
        var block = new BlockStmt(_src, pos, name, body, scoped, required);
        _blocks[name] = block;
        return block;
    }

    private Stmt ParseExtends()
    {
        var pos = Next().Pos;
        var expr = ParseExpression();
        Expect(TokenKind.BlockEnd);
        return new ExtendsStmt(_src, pos, expr);
    }

    private bool ParseContext(bool defaultValue)
    {
        if (Current.Kind == TokenKind.Name && Current.Value is "with" or "without" && Peek().IsName("context"))
        {
            var with = Next().Value == "with";
            Next();
            return with;
        }
        return defaultValue;
    }

    private Stmt ParseInclude()
    {
        var pos = Next().Pos;
        var expr = ParseExpression();
        var ignore = false;
        if (Current.IsName("ignore") && Peek().IsName("missing"))
        {
            _i += 2;
            ignore = true;
        }
        var withContext = ParseContext(true);
        Expect(TokenKind.BlockEnd);
        return new IncludeStmt(_src, pos, expr, ignore, withContext);
    }

    private Stmt ParseImport()
    {
        var pos = Next().Pos;
        var expr = ParseExpression();
        Expect(TokenKind.Name, "as");
        var alias = Expect(TokenKind.Name).Value;
        var withContext = ParseContext(false);
        Expect(TokenKind.BlockEnd);
        return new ImportStmt(_src, pos, expr, alias, withContext);
    }

    private Stmt ParseFrom()
    {
        var pos = Next().Pos;
        var expr = ParseExpression();
        Expect(TokenKind.Name, "import");
        var names = new List<(string, string)>();
        var withContext = false;
        while (true)
        {
            if (Current.Kind == TokenKind.Name && Current.Value is "with" or "without" && Peek().IsName("context"))
            {
                withContext = ParseContext(false);
                break;
            }
            if (names.Count > 0)
            {
                if (!SkipOp(","))
                {
                    break;
                }
                if (Current.Kind == TokenKind.Name && Current.Value is "with" or "without" && Peek().IsName("context"))
                {
                    withContext = ParseContext(false);
                    break;
                }
            }
            var nameTok = Expect(TokenKind.Name);
            if (nameTok.Value.StartsWith('_'))
            {
                throw Fail("names starting with an underline can not be imported", nameTok.Pos);
            }
            var alias = nameTok.Value;
            if (SkipName("as"))
            {
                alias = Expect(TokenKind.Name).Value;
            }
            names.Add((nameTok.Value, alias));
            if (Current.Kind != TokenKind.Operator && !(Current.IsName("with") || Current.IsName("without")))
            {
                break;
            }
        }
        if (names.Count == 0)
        {
            throw Fail("expected name");
        }
        Expect(TokenKind.BlockEnd);
        return new FromImportStmt(_src, pos, expr, names.ToArray(), withContext);
    }

    private Target ParseAssignTarget(string? extraEnd = null, bool withNamespace = false, bool nameOnly = false)
    {
        var t = Current;
        if (withNamespace && t.Kind == TokenKind.Name && Peek().IsOp("."))
        {
            _i += 2;
            var attr = Expect(TokenKind.Name).Value;
            return new Target(_src, t.Pos, t.Value, null, attr);
        }
        if (nameOnly)
        {
            return new Target(_src, t.Pos, Expect(TokenKind.Name).Value, null, null);
        }
        var items = new List<Target>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
            }
            if (IsTupleEnd(extraEnd) || Current.IsOp("="))
            {
                break;
            }
            items.Add(ParsePrimaryTarget());
            if (Current.IsOp(","))
            {
                isTuple = true;
            }
            else
            {
                break;
            }
        }
        if (items.Count == 0)
        {
            throw Fail($"can't assign to {Current}");
        }
        return isTuple ? new Target(_src, t.Pos, null, items.ToArray(), null) : items[0];
    }

    private Target ParsePrimaryTarget()
    {
        var t = Current;
        if (t.Kind == TokenKind.Name)
        {
            if (t.Value is "true" or "false" or "none" or "True" or "False" or "None")
            {
                throw Fail($"can't assign to '{t.Value}'");
            }
            _i++;
            return new Target(_src, t.Pos, t.Value, null, null);
        }
        if (t.IsOp("("))
        {
            _i++;
            var inner = ParseAssignTarget();
            Expect(TokenKind.Operator, ")");
            return inner;
        }
        throw Fail($"can't assign to {t}");
    }

    private bool IsTupleEnd(string? extraEnd)
    {
        var t = Current;
        if (t.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.Eof || t.IsOp(")"))
        {
            return true;
        }
        return extraEnd is not null && t.IsName(extraEnd);
    }
}
