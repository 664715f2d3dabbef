using RiskTriage.Definitions;

namespace RiskTriage.Cli.Explain;

/// <summary>
/// What the explanation needs from the rule set beyond the trace: the expressions behind outputs and values, which
/// table produces which name, the values a table row sets, and the parameters. Read from the rule set's checked
/// <see cref="RuleSetDefinition"/>, never from the rule files.
/// </summary>
internal sealed class RuleSetOutline
{
    /// <summary>Output name → its <c>value</c> expression (outputs without one are produced by an element of the same name, a table or a rule).</summary>
    public Dictionary<string, string> OutputExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Value name → its expression.</summary>
    public Dictionary<string, string> ValueExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Band-set name → the expression banded.</summary>
    public Dictionary<string, string> BandExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>Table-output name → the table producing it.</summary>
    public Dictionary<string, string> TableOf { get; } = new(StringComparer.Ordinal);

    /// <summary>(table, row id) → the outputs the row sets, as written.</summary>
    public Dictionary<(string Table, string Row), IReadOnlyList<TableRowOutput>> TableRows { get; } = [];

    /// <summary>Scorecard names.</summary>
    public HashSet<string> Scorecards { get; } = new(StringComparer.Ordinal);

    /// <summary>Parameter name → its value.</summary>
    public Dictionary<string, RuleValue> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>The outline of a loaded rule set.</summary>
    public static RuleSetOutline Read(RuleSet ruleSet)
    {
        var definition = ruleSet.Definition;
        var outline = new RuleSetOutline();
        foreach (var output in definition.Outputs)
        {
            if (output.Value is { } value)
            {
                outline.OutputExpressions[output.Name] = value.Text;
            }
        }

        foreach (var value in definition.Values)
        {
            outline.ValueExpressions[value.Name] = value.Expression.Text;
        }

        foreach (var bands in definition.BandSets)
        {
            outline.BandExpressions[bands.Name] = bands.Value.Text;
        }

        foreach (var scorecard in definition.Scorecards)
        {
            outline.Scorecards.Add(scorecard.Name);
        }

        foreach (var parameter in definition.Parameters)
        {
            outline.Parameters[parameter.Name] = parameter.Value;
        }

        foreach (var table in definition.Tables)
        {
            foreach (var output in table.Outputs)
            {
                outline.TableOf.TryAdd(output.Name, table.Name);
            }

            foreach (var row in table.Rows)
            {
                outline.TableRows[(table.Name, row.Id)] = row.Then;
            }
        }

        return outline;
    }

    /// <summary>The names an expression mentions (identifiers and dotted paths, outside string literals), in order of first use.</summary>
    public static IReadOnlyList<string> NamesIn(string expression)
    {
        var names = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                i++;
                while (i < expression.Length && expression[i] != c)
                {
                    i += expression[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '.'))
                {
                    i++;
                }

                var name = expression[start..i].TrimEnd('.');
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
            else if (char.IsDigit(c))
            {
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }
}
