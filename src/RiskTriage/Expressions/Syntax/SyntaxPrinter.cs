using System.Globalization;
using System.Text;

namespace RiskTriage.Expressions.Syntax;

/// <summary>Prints a syntax tree, one node a line with its span, for golden files and debugging.</summary>
internal static class SyntaxPrinter
{
    public static string Print(ExpressionSyntax node)
    {
        var sb = new StringBuilder();
        Print(node, sb, 0);
        return sb.ToString();
    }

    private static void Print(ExpressionSyntax node, StringBuilder sb, int indent)
    {
        sb.Append(' ', indent * 2);
        switch (StackGuard.Checked(node))
        {
            case LiteralSyntax literal:
                sb.Append("Literal ").Append(FormatValue(literal.Value));
                break;
            case NameSyntax name:
                sb.Append("Name ").Append(name.Name);
                break;
            case MemberAccessSyntax member:
                sb.Append(member.NullConditional ? "MemberAccess?. " : "MemberAccess ").Append(member.Name.Text);
                break;
            case IndexSyntax index:
                sb.Append(index.NullConditional ? "Index?[]" : "Index");
                break;
            case CallSyntax call:
                sb.Append(call.Target is null ? "Call " : call.NullConditional ? "MethodCall?. " : "MethodCall ").Append(call.Name.Text);
                break;
            case LambdaSyntax lambda:
                sb.Append("Lambda ").Append(lambda.Parameter.Text);
                break;
            case UnarySyntax unary:
                sb.Append("Unary ").Append(TokenKindFacts.Text(unary.Operator.Kind));
                break;
            case BinarySyntax binary:
                sb.Append("Binary ").Append(binary.Negated ? "not in" : TokenKindFacts.Text(binary.Operator.Kind));
                break;
            case ConditionalSyntax:
                sb.Append("Conditional");
                break;
            case ListSyntax:
                sb.Append("List");
                break;
            default:
                sb.Append("Error");
                break;
        }

        sb.Append(' ').Append(node.Span).Append('\n');
        foreach (var child in Children(node))
        {
            Print(child, sb, indent + 1);
        }
    }

    public static IEnumerable<ExpressionSyntax> Children(ExpressionSyntax node) => node switch
    {
        MemberAccessSyntax member => [member.Target],
        IndexSyntax index => [index.Target, index.Index],
        CallSyntax call => call.Target is null ? call.Arguments : [call.Target, .. call.Arguments],
        LambdaSyntax lambda => [lambda.Body],
        UnarySyntax unary => [unary.Operand],
        BinarySyntax binary => [binary.Left, binary.Right],
        ConditionalSyntax conditional => [conditional.Condition, conditional.WhenTrue, conditional.WhenFalse],
        ListSyntax list => list.Items,
        _ => [],
    };

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => "\"" + Escape(s) + "\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    // Control characters are escaped so that every node stays on one line.
    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
