namespace Outpost.Templating.Lexing;

/// <summary>One lexer token; Value holds the text (decoded for strings) and Pos its offset in the source.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Pos, object? Literal = null)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsOp(string op) => Kind == TokenKind.Operator && Value == op;

    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.String => "string",
        TokenKind.Integer => "integer",
        TokenKind.Float => "float",
        _ => $"'{Value}'",
    };
}
