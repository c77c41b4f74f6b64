using Outpost.Templating.Filters;
using Outpost.Templating.Lexing;
using Outpost.Templating.Nodes;
using Outpost.Templating.Runtime;
using Outpost.Templating.Tests;

namespace Outpost.Templating.Parsing;

/// <summary>Expression grammar, precedence as in jinja2.parser.</summary>
internal sealed partial class Parser
{
    private Expr ParseExpression(bool withCondExpr = true)
    {
        GuardDepth();
        return withCondExpr ? ParseCondExpr() : ParseOr();
    }

    // Deeply nested source must fail cleanly rather than overflow the stack.
    private void GuardDepth()
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Fail("template is nested too deeply");
        }
    }

    private Expr ParseTuple(bool withCondExpr = true, string? extraEnd = null, bool explicitParens = false, bool simplified = false)
    {
        var pos = Current.Pos;
        var items = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
            }
            if (IsTupleEnd(extraEnd))
            {
                break;
            }
            items.Add(simplified ? ParsePrimary() : ParseExpression(withCondExpr));
            if (Current.IsOp(","))
            {
                isTuple = true;
            }
            else
            {
                break;
            }
        }
        if (!isTuple)
        {
            if (items.Count > 0)
            {
                return items[0];
            }
            if (!explicitParens)
            {
                throw Current.Kind == TokenKind.Eof
                    ? Fail("unexpected end of template, expected an expression.")
                    : Fail($"Expected an expression, got {Current}");
            }
        }
        return new TupleExpr(_src, pos, items.ToArray());
    }

    private Expr ParseCondExpr()
    {
        var pos = Current.Pos;
        var expr = ParseOr();
        while (SkipName("if"))
        {
            var test = ParseOr();
            Expr? otherwise = null;
            if (SkipName("else"))
            {
                otherwise = ParseCondExpr();
            }
            expr = new CondExpr(_src, pos, test, expr, otherwise);
        }
        return expr;
    }

    private Expr ParseOr()
    {
        var pos = Current.Pos;
        var left = ParseAnd();
        while (SkipName("or"))
        {
            left = new OrExpr(_src, pos, left, ParseAnd());
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var pos = Current.Pos;
        var left = ParseNot();
        while (SkipName("and"))
        {
            left = new AndExpr(_src, pos, left, ParseNot());
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var pos = Next().Pos;
            return new UnaryExpr(_src, pos, "not", ParseNot());
        }
        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var pos = Current.Pos;
        var first = ParseMath1();
        var ops = new List<string>();
        var operands = new List<Expr>();
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.Operator && t.Value is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                _i++;
                ops.Add(t.Value);
                operands.Add(ParseMath1());
            }
            else if (t.IsName("in"))
            {
                _i++;
                ops.Add("in");
                operands.Add(ParseMath1());
            }
            else if (t.IsName("not") && Peek().IsName("in"))
            {
                _i += 2;
                ops.Add("notin");
                operands.Add(ParseMath1());
            }
            else
            {
                break;
            }
        }
        return ops.Count == 0 ? first : new CompareExpr(_src, pos, first, ops.ToArray(), operands.ToArray());
    }

    private Expr ParseMath1()
    {
        var pos = Current.Pos;
        var left = ParseConcat();
        while (Current.Kind == TokenKind.Operator && Current.Value is "+" or "-")
        {
            var op = Next().Value;
            left = new BinaryExpr(_src, pos, op, left, ParseConcat());
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var pos = Current.Pos;
        var first = ParseMath2();
        if (!Current.IsOp("~"))
        {
            return first;
        }
        var parts = new List<Expr> { first };
        while (SkipOp("~"))
        {
            parts.Add(ParseMath2());
        }
        return new ConcatExpr(_src, pos, parts.ToArray());
    }

    private Expr ParseMath2()
    {
        var pos = Current.Pos;
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var op = Next().Value;
            left = new BinaryExpr(_src, pos, op, left, ParsePow());
        }
        return left;
    }

    private Expr ParsePow()
    {
        var pos = Current.Pos;
        var left = ParseUnary();
        while (SkipOp("**"))
        {
            left = new BinaryExpr(_src, pos, "**", left, ParseUnary());
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter = true)
    {
        GuardDepth();
        var t = Current;
        Expr node;
        if (t.IsOp("-") || t.IsOp("+"))
        {
            _i++;
            node = new UnaryExpr(_src, t.Pos, t.Value, ParseUnary(false));
        }
        else
        {
            node = ParsePrimary();
        }
        node = ParsePostfix(node);
        if (withFilter)
        {
            node = ParseFilterExpr(node);
        }
        return node;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Name:
                _i++;
                return t.Value switch
                {
                    "true" or "True" => new ConstExpr(_src, t.Pos, true),
                    "false" or "False" => new ConstExpr(_src, t.Pos, false),
                    "none" or "None" => new ConstExpr(_src, t.Pos, null),
                    _ => new NameExpr(_src, t.Pos, t.Value),
                };
            case TokenKind.String:
                _i++;
                var text = t.Value;
                while (Current.Kind == TokenKind.String)
                {
                    text += Next().Value;
                }
                return new ConstExpr(_src, t.Pos, text);
            case TokenKind.Integer or TokenKind.Float:
                _i++;
                return new ConstExpr(_src, t.Pos, t.Literal);
            case TokenKind.Operator when t.Value == "(":
            {
                _i++;
                var inner = ParseTuple(explicitParens: true);
                Expect(TokenKind.Operator, ")");
                return inner;
            }
            case TokenKind.Operator when t.Value == "[":
            {
                _i++;
                var items = new List<Expr>();
                while (!Current.IsOp("]"))
                {
                    if (items.Count > 0)
                    {
                        Expect(TokenKind.Operator, ",");
                    }
                    if (Current.IsOp("]"))
                    {
                        break;
                    }
                    items.Add(ParseExpression());
                }
                Expect(TokenKind.Operator, "]");
                return new ListExpr(_src, t.Pos, items.ToArray());
            }
            case TokenKind.Operator when t.Value == "{":
            {
                _i++;
                var keys = new List<Expr>();
                var values = new List<Expr>();
                while (!Current.IsOp("}"))
                {
                    if (keys.Count > 0)
                    {
                        Expect(TokenKind.Operator, ",");
                    }
                    if (Current.IsOp("}"))
                    {
                        break;
                    }
                    keys.Add(ParseExpression());
                    Expect(TokenKind.Operator, ":");
                    values.Add(ParseExpression());
                }
                Expect(TokenKind.Operator, "}");
                return new DictExpr(_src, t.Pos, keys.ToArray(), values.ToArray());
            }
            case TokenKind.Eof or TokenKind.BlockEnd or TokenKind.VariableEnd:
                throw Fail($"unexpected {t}");
            default:
                throw Fail($"unexpected {t}");
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOp(".") || t.IsOp("["))
            {
                node = ParseSubscript(node);
            }
            else if (t.IsOp("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOp("|"))
            {
                _i++;
                node = ParseFilterTail(node);
            }
            else if (t.IsName("is"))
            {
                node = ParseTest(node);
            }
            else if (t.IsOp("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private Expr ParseSubscript(Expr node)
    {
        var t = Next();
        if (t.Value == ".")
        {
            var attr = Next();
            if (attr.Kind == TokenKind.Name)
            {
                return new GetAttrExpr(_src, attr.Pos, node, attr.Value);
            }
            if (attr.Kind == TokenKind.Integer)
            {
                return new GetItemExpr(_src, attr.Pos, node, new ConstExpr(_src, attr.Pos, attr.Literal));
            }
            throw Fail("expected name or number", attr.Pos);
        }
        var args = new List<Expr>();
        while (!Current.IsOp("]"))
        {
            if (args.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOp("]"))
                {
                    break;
                }
            }
            args.Add(ParseSubscribed());
        }
        Expect(TokenKind.Operator, "]");
        var key = args.Count == 1 ? args[0] : new TupleExpr(_src, t.Pos, args.ToArray());
        return new GetItemExpr(_src, t.Pos, node, key);
    }

    private Expr ParseSubscribed()
    {
        var pos = Current.Pos;
        var parts = new List<Expr?>();
        if (Current.IsOp(":"))
        {
            _i++;
            parts.Add(null);
        }
        else
        {
            var node = ParseExpression();
            if (!Current.IsOp(":"))
            {
                return node;
            }
            _i++;
            parts.Add(node);
        }
        if (Current.IsOp(":"))
        {
            parts.Add(null);
        }
        else if (!Current.IsOp("]") && !Current.IsOp(","))
        {
            parts.Add(ParseExpression());
        }
        else
        {
            parts.Add(null);
        }
        if (SkipOp(":"))
        {
            parts.Add(!Current.IsOp("]") && !Current.IsOp(",") ? ParseExpression() : null);
        }
        else
        {
            parts.Add(null);
        }
        return new SliceExpr(_src, pos, parts[0], parts[1], parts[2]);
    }

    private ArgList ParseCallArgs()
    {
        Expect(TokenKind.Operator, "(");
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        Expr? dynArgs = null;
        Expr? dynKwargs = null;
        var require = (bool ok) =>
        {
            if (!ok)
            {
                throw Fail("invalid syntax for function call expression");
            }
        };
        while (!Current.IsOp(")"))
        {
            if (positional.Count > 0 || named.Count > 0 || dynArgs is not null || dynKwargs is not null)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOp(")"))
                {
                    break;
                }
            }
            if (SkipOp("*"))
            {
                require(dynArgs is null && dynKwargs is null);
                dynArgs = ParseExpression();
            }
            else if (SkipOp("**"))
            {
                require(dynKwargs is null);
                dynKwargs = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Peek().IsOp("="))
            {
                require(dynKwargs is null);
                var key = Next().Value;
                _i++;
                named.Add((key, ParseExpression()));
            }
            else
            {
                require(dynArgs is null && dynKwargs is null && named.Count == 0);
                positional.Add(ParseExpression());
            }
        }
        Expect(TokenKind.Operator, ")");
        return new ArgList(positional.ToArray(), named.ToArray(), dynArgs, dynKwargs);
    }

    private Expr ParseCall(Expr node)
    {
        var pos = Current.Pos;
        var args = ParseCallArgs();
        return new CallExpr(_src, pos, node, args);
    }

    private string ParseDottedName()
    {
        var name = Expect(TokenKind.Name).Value;
        while (Current.IsOp(".") && Peek().Kind == TokenKind.Name)
        {
            _i++;
            name += "." + Next().Value;
        }
        return name;
    }

    /// <summary>Parses 'name(args)' after a '|'; the subject is null for filter blocks and set blocks.</summary>
    private FilterExpr ParseFilterTail(Expr? subject)
    {
        var pos = Current.Pos;
        var name = ParseDottedName();
        var args = Current.IsOp("(") ? ParseCallArgs() : ArgList.Empty;
        if (!BuiltinFilters.TryGet(name, out var fn))
        {
            if (_ifDepth == 0)
            {
                throw new TemplateSyntaxException($"No filter named '{name}'.", _src.Name, _src.Locate(pos).Line, _src.Locate(pos).Column, _src.LineText(_src.Locate(pos).Line));
            }
            fn = (_, _, _) => throw new TemplateRuntimeException($"No filter named '{name}' found.");
        }
        return new FilterExpr(_src, pos, subject, name, fn, args);
    }

    private Expr ParseTest(Expr node)
    {
        var pos = Next().Pos;
        var negate = SkipName("not");
        var name = ParseDottedName();
        ArgList args;
        var t = Current;
        if (t.IsOp("("))
        {
            args = ParseCallArgs();
        }
        else if ((t.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float || t.IsOp("(") || t.IsOp("[") || t.IsOp("{"))
                 && !t.IsName("else") && !t.IsName("or") && !t.IsName("and"))
        {
            if (t.IsName("is"))
            {
                throw Fail("You cannot chain multiple tests with is");
            }
            var arg = ParsePostfix(ParsePrimary());
            args = new ArgList([arg], [], null, null);
        }
        else
        {
            args = ArgList.Empty;
        }
        if (!BuiltinTests.TryGet(name, out var fn))
        {
            if (_ifDepth == 0)
            {
                var (line, col) = _src.Locate(pos);
                throw new TemplateSyntaxException($"No test named '{name}'.", _src.Name, line, col, _src.LineText(line));
            }
            fn = (_, _, _) => throw new TemplateRuntimeException($"No test named '{name}' found.");
        }
        return new TestExpr(_src, pos, node, name, fn, args, negate);
    }
}
