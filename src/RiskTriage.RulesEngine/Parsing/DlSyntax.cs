namespace RiskTriage.RulesEngine.Parsing;

/// <summary>A node of a Dynamic LINQ expression, with its offset and length in the expression text.</summary>
internal abstract record DlNode(int Start, int Length);

internal enum DlLiteralKind { Integer, Real, String, Bool, Null }

internal sealed record DlLiteral(int Start, int Length, DlLiteralKind Kind, object? Value) : DlNode(Start, Length);

internal sealed record DlName(int Start, int Length, string Name) : DlNode(Start, Length);

internal sealed record DlMember(int Start, int Length, DlNode Target, string Name) : DlNode(Start, Length);

/// <summary>A method call: on a value (<c>x.Any(...)</c>), on a type (<c>Math.Round(...)</c>) or a built-in (<c>np</c>, <c>iif</c>).</summary>
internal sealed record DlCall(int Start, int Length, DlNode? Target, string Name, IReadOnlyList<DlNode> Arguments) : DlNode(Start, Length);

internal sealed record DlIndex(int Start, int Length, DlNode Target, DlNode Index) : DlNode(Start, Length);

internal sealed record DlUnary(int Start, int Length, string Operator, DlNode Operand) : DlNode(Start, Length);

internal sealed record DlBinary(int Start, int Length, string Operator, DlNode Left, DlNode Right) : DlNode(Start, Length);

internal sealed record DlConditional(int Start, int Length, DlNode Condition, DlNode WhenTrue, DlNode WhenFalse) : DlNode(Start, Length);

internal sealed record DlIn(int Start, int Length, DlNode Value, IReadOnlyList<DlNode> Items) : DlNode(Start, Length);

internal sealed record DlLambda(int Start, int Length, string Parameter, DlNode Body) : DlNode(Start, Length);

/// <summary>A problem found in a workflow: what, and where in the expression text (offset, or -1 for the whole rule).</summary>
internal sealed record DlProblem(string Message, int Offset);

/// <summary>Raised by the parser on the first syntax error or construct outside the supported subset.</summary>
internal sealed class DlParseException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
