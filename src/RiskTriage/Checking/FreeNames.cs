using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Checking;

/// <summary>The names an expression reads at its top level (not its lambda parameters): its dependencies.</summary>
internal static class FreeNames
{
    public static void Collect(ExpressionSyntax node, ISet<string> names) => Collect(node, names, []);

    private static void Collect(ExpressionSyntax node, ISet<string> names, HashSet<string> bound)
    {
        switch (Expressions.StackGuard.Checked(node))
        {
            case NameSyntax name when !bound.Contains(name.Name):
                names.Add(name.Name);
                return;
            case LambdaSyntax lambda:
                var added = bound.Add(lambda.Parameter.Text);
                Collect(lambda.Body, names, bound);
                if (added)
                {
                    bound.Remove(lambda.Parameter.Text);
                }

                return;
        }

        foreach (var child in SyntaxPrinter.Children(node))
        {
            Collect(child, names, bound);
        }
    }
}
