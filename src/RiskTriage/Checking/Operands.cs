using RiskTriage.Expressions.Binding;

namespace RiskTriage.Checking;

/// <summary>Finds the leaves a condition reads, so a full trace can show their values ("rsrScore = 7.1").</summary>
internal static class Operands
{
    public static IReadOnlyList<Operand> Of(params BoundExpression?[] expressions)
    {
        var result = new List<Operand>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            if (expression is not null)
            {
                Collect(expression, result, seen);
            }
        }

        return result;
    }

    private static void Collect(BoundExpression node, List<Operand> result, HashSet<string> seen)
    {
        if (PathOf(Expressions.StackGuard.Checked(node)) is { } path)
        {
            if (node.Type.IsScalar && seen.Add(path))
            {
                result.Add(new Operand(path, node));
            }

            return;
        }

        switch (node)
        {
            case BoundUnary unary:
                Collect(unary.Operand, result, seen);
                break;
            case BoundBinary binary:
                Collect(binary.Left, result, seen);
                Collect(binary.Right, result, seen);
                break;
            case BoundIn @in:
                Collect(@in.Value, result, seen);
                break;
            case BoundConditional conditional:
                Collect(conditional.Condition, result, seen);
                Collect(conditional.WhenTrue, result, seen);
                Collect(conditional.WhenFalse, result, seen);
                break;
            case BoundCall call:
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, result, seen);
                }

                break;
            case BoundListMethod method when method.Method != ListMethod.Where:
                if (method.Parameter is null && method.Argument is not null)
                {
                    Collect(method.Argument, result, seen);
                }

                break;
        }
    }

    /// <summary>"ogrs3.totalSanctions" for an input path, the name for a named value; null otherwise.</summary>
    private static string? PathOf(BoundExpression node) => node switch
    {
        BoundInput input => input.Symbol.Name,
        BoundValueReference value when !value.Symbol.Name.Contains(':', StringComparison.Ordinal) && !value.Symbol.Name.StartsWith('$') => value.Symbol.Name,
        BoundMember member => PathOf(member.Target) is { } parent ? parent + "." + member.Property.Name : null,
        _ => null,
    };
}
