using RiskTriage.Diagnostics;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Parsing;
using RiskTriage.Expressions.Syntax;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

internal sealed partial class RuleSetChecker
{
    private readonly List<(ExpressionText Text, DiagnosticBag Bag)> _expressionDiagnostics = [];
    private readonly Dictionary<CheckedNode, List<ExpressionText>> _nodeExpressions = [];

    // ---- Parsing and dependencies ---------------------------------------------------------------

    private ExpressionSyntax Parse(CheckedNode node, ExpressionText text)
    {
        if (_parsed.TryGetValue(text, out var existing))
        {
            return existing.Syntax;
        }

        var source = new SourceText(text.Text);
        var bag = new DiagnosticBag();
        var syntax = Parser.Parse(source, bag, _options.Limits);
        _parsed[text] = new ParsedExpression(source, syntax, bag);
        RememberParsed(text);
        _expressionDiagnostics.Add((text, bag));
        FreeNames.Collect(syntax, node.Uses);
        if (!_nodeExpressions.TryGetValue(node, out var list))
        {
            _nodeExpressions[node] = list = [];
        }

        list.Add(text);
        return syntax;
    }

    /// <summary>Binds a parsed expression in the rule-set scope (or <paramref name="scope"/>); errors are kept for mapping to the file.</summary>
    private BoundExpression BindExpression(ExpressionText text, DataType? expected, IScope? scope = null)
    {
        var (source, syntax, bag) = _parsed[text];
        if (syntax is ErrorSyntax && bag.HasErrors)
        {
            return new BoundError(syntax.Span);
        }

        var bound = Binder.Bind(syntax, source, scope ?? _scope, bag, expected);
        _bound[text] = bound;
        return bound;
    }

    /// <summary>Moves the expressions' diagnostics to the rule-set bag, located in their files, except those <paramref name="explained"/> elsewhere.</summary>
    private void FlushExpressionDiagnostics(HashSet<Diagnostic> explained)
    {
        foreach (var (text, bag) in _expressionDiagnostics)
        {
            foreach (var entry in bag.Entries.Where(e => !explained.Contains(e.Diagnostic)))
            {
                var span = entry.Span ?? new TextSpan(0, text.Text.Length);
                var location = text.Source.LocateInString(text.Offset + span.Start, span.Length);
                _diagnostics.Add(entry.Diagnostic.WithLocation(location, text.Source.Path));
            }
        }
    }

    /// <summary>The expression of a value written as <c>{ "expr": "..." }</c>; null for a literal.</summary>
    private static ExpressionText? EffectExpression(LiteralValue value) =>
        value.Properties.Count == 1 && value.Property("expr") is { IsString: true } expr
            ? new ExpressionText(expr.Text!, expr.Source)
            : null;

    // ---- Nodes ----------------------------------------------------------------------------------

    private void Add(CheckedNode node, object declaration)
    {
        _declarations[node] = declaration;
        node.DeclarationIndex = _nodes.Count;
        _nodes.Add(node);
    }

    private void CreateNodes()
    {
        foreach (var value in _model.Values)
        {
            if (!Declare(value.Name, "value", value.Source))
            {
                continue;
            }

            var node = new ValueNode(value.Name, value.File, value.Source) { Description = value.Description };
            Parse(node, value.Expression);
            _producers[value.Name] = node;
            Add(node, value);
        }

        foreach (var scorecard in _model.Scorecards)
        {
            if (!Declare(scorecard.Name, "scorecard", scorecard.Source))
            {
                continue;
            }

            var node = new ScorecardNode(scorecard.Name, scorecard.File, scorecard.Source);
            CheckIds(scorecard.Rows.Select(r => new RowId(r.Id, r.Source)), $"scorecard '{scorecard.Name}'");
            foreach (var row in scorecard.Rows)
            {
                if (row.When is not null)
                {
                    Parse(node, row.When);
                }

                if (row.Points.IsString)
                {
                    Parse(node, new ExpressionText(row.Points.Text!, row.Points.Source));
                }
            }

            _producers[scorecard.Name] = node;
            Add(node, scorecard);
        }

        foreach (var band in _model.Bands)
        {
            if (!Declare(band.Name, "band set", band.Source))
            {
                continue;
            }

            var node = new BandNode(band.Name, band.File, band.Source);
            Parse(node, band.Value);
            _producers[band.Name] = node;
            Add(node, band);
        }

        var tableNames = new Dictionary<string, TableDecl>(StringComparer.Ordinal);
        foreach (var table in _model.Tables)
        {
            if (tableNames.TryGetValue(table.Name, out var other))
            {
                var where = other.Source.Location;
                Error(table.Source, DiagnosticCodes.DuplicateName,
                    $"the table '{table.Name}' is defined twice: here and at {where.File}({where.Line},{where.Column})");
                continue;
            }

            tableNames[table.Name] = table;
            var node = new TableNode(table.Name, table.File, table.Source) { HitPolicy = table.HitPolicy, Aggregation = table.Aggregation };
            CheckIds(table.Rows.Select(r => new RowId(r.Id, r.Source)), $"table '{table.Name}'");
            foreach (var input in table.Inputs)
            {
                Parse(node, input.Expression);
            }

            foreach (var row in table.Rows)
            {
                foreach (var cell in row.Cells)
                {
                    foreach (var part in CellExpressions(cell))
                    {
                        Parse(node, part);
                    }
                }

                foreach (var (_, then) in row.Then)
                {
                    if (EffectExpression(then.Value) is { } expression)
                    {
                        Parse(node, expression);
                    }
                }
            }

            foreach (var output in table.Outputs)
            {
                if (Declare(output.Name, "table output", output.Source))
                {
                    _producers[output.Name] = node;
                }
            }

            Add(node, table);
        }

        var outputNames = _model.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var ruleIds = new Dictionary<string, RuleDecl>(StringComparer.Ordinal);
        foreach (var rule in _model.Rules)
        {
            if (ruleIds.TryGetValue(rule.Id, out var other))
            {
                var where = other.Source.Location;
                Error(rule.Source, DiagnosticCodes.DuplicateId,
                    $"the rule id '{rule.Id}' is used twice: here and at {where.File}({where.Line},{where.Column}); rule ids must be unique");
                continue;
            }

            ruleIds[rule.Id] = rule;
            var node = new RuleNode(rule.Id, rule.File, rule.Source)
            {
                Enabled = rule.Enabled,
                Priority = rule.Priority,
                Description = rule.Description,
            };
            Parse(node, rule.When);
            foreach (var effect in rule.Effects)
            {
                if (effect.Kind == EffectKind.Review)
                {
                    if (string.IsNullOrWhiteSpace(effect.ReviewCode))
                    {
                        Error(effect.Source, DiagnosticCodes.InvalidEffect, "a review effect needs a code, e.g. { \"review\": \"NO_ROSH\", \"message\": \"...\" }");
                        continue;
                    }

                    node.Reviews.Add(new CheckedReview(effect.ReviewCode, effect.Message ?? effect.ReviewCode));
                }
                else if (effect.Output is not null && !outputNames.Contains(effect.Output))
                {
                    Error(effect.Source, DiagnosticCodes.InvalidEffect,
                        $"the rule '{rule.Id}' sets '{effect.Output}', which is not an output{NameSuggester.Hint(effect.Output, outputNames)}; rules can only set declared outputs");
                }
            }

            _producers[node.Fired.Name] = node;
            Add(node, rule);
        }

        var outputsSeen = new Dictionary<string, OutputDecl>(StringComparer.Ordinal);

        // The rules' "set" effects by output, in rule order: looking through every rule for each output was quadratic.
        var setters = new Dictionary<string, List<(RuleDecl Rule, EffectDecl Effect)>>(StringComparer.Ordinal);
        foreach (var rule in _model.Rules.Where(r => ruleIds.GetValueOrDefault(r.Id) == r))
        {
            foreach (var effect in rule.Effects.Where(e => e.Kind == EffectKind.Set && e.Output is not null))
            {
                if (!setters.TryGetValue(effect.Output!, out var list))
                {
                    setters[effect.Output!] = list = [];
                }

                list.Add((rule, effect));
            }
        }

        foreach (var output in _model.Outputs)
        {
            if (outputsSeen.TryGetValue(output.Name, out var earlier))
            {
                var where = earlier.Source.Location;
                Error(output.Source, DiagnosticCodes.DuplicateName,
                    $"the output '{output.Name}' is declared twice: here and at {where.File}({where.Line},{where.Column})");
                continue;
            }

            outputsSeen[output.Name] = output;

            // An output named like an input, value, score, band or table output exports that element;
            // in expressions the name keeps meaning the element.
            var exports = _declared.ContainsKey(output.Name);
            if (!exports)
            {
                Declare(output.Name, "output", output.Source);
            }

            var node = new OutputNode(output.Name, output.File, output.Source) { Description = output.Description, Exports = exports };
            if (output.Value is not null)
            {
                Parse(node, output.Value);
            }
            else if (exports)
            {
                node.Uses.Add(output.Name);
            }

            foreach (var (rule, effect) in setters.GetValueOrDefault(output.Name) ?? [])
            {
                node.Uses.Add("rule:" + rule.Id);
                if (EffectExpression(effect.Value!) is { } expression)
                {
                    Parse(node, expression);
                }
            }

            if (!exports)
            {
                _producers[output.Name] = node;
            }

            Add(node, output);
        }

        // Every produced name starts as "unknown type" so a reference to a broken element does not cascade.
        foreach (var name in _producers.Keys)
        {
            _scope.Add(new ValueSymbol(name, DataType.Error, "value"));
        }
    }

    private void CheckIds(IEnumerable<RowId> items, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, token) in items)
        {
            if (!seen.Add(id))
            {
                Error(token, DiagnosticCodes.DuplicateId, $"the id '{id}' is used twice in the {what}; row ids must be unique");
            }
        }
    }

    /// <summary>A row's id and where it is written (a class: LINQ over a value tuple of ours was JIT-compiled at every load).</summary>
    private sealed record RowId(string Id, SourceRef Source);

    /// <summary>
    /// An expression parsed once, with its diagnostics kept for mapping to the file. A class, not a value tuple: the
    /// dictionary of them then runs the framework's precompiled shared code instead of code JIT-compiled at every load.
    /// </summary>
    private sealed record ParsedExpression(SourceText Source, ExpressionSyntax Syntax, DiagnosticBag Bag);

    // ---- Order ----------------------------------------------------------------------------------

    private static readonly Comparer<CheckedNode> DeclarationOrder = Comparer<CheckedNode>.Create(static (a, b) => a.DeclarationIndex.CompareTo(b.DeclarationIndex));

    private List<CheckedNode> Order()
    {
        var dependents = _nodes.ToDictionary(n => n, _ => new List<CheckedNode>());
        var pending = new Dictionary<CheckedNode, int>();
        foreach (var node in _nodes)
        {
            var count = 0;
            foreach (var producer in node.Uses.Select(u => _producers.GetValueOrDefault(u)).OfType<CheckedNode>().Distinct())
            {
                if (producer == node)
                {
                    ReportCycle([node, node]);
                    continue;
                }

                dependents[producer].Add(node);
                count++;
            }

            pending[node] = count;
        }

        // The ready nodes, first declared first. Each node is its own priority, compared by its declaration index: a
        // queue over reference types alone runs the framework's precompiled shared code, where an int priority was
        // JIT-compiled at every load (10 methods).
        var ready = new PriorityQueue<CheckedNode, CheckedNode>(DeclarationOrder);
        foreach (var node in _nodes.Where(n => pending[n] == 0))
        {
            ready.Enqueue(node, node);
        }

        var order = new List<CheckedNode>();
        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(node);
            foreach (var dependent in dependents[node])
            {
                if (--pending[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        var stuck = _nodes.Where(n => pending[n] > 0).ToHashSet();
        var reported = new HashSet<CheckedNode>();
        var walked = new HashSet<CheckedNode>();
        foreach (var start in stuck.OrderBy(n => n.DeclarationIndex))
        {
            if (reported.Contains(start))
            {
                continue;
            }

            var cycle = FindCycle(start, stuck, walked);
            if (cycle is not null && !cycle.Any(reported.Contains))
            {
                ReportCycle(cycle);
                reported.UnionWith(cycle);
            }
        }

        return order;
    }

    private List<CheckedNode>? FindCycle(CheckedNode start, HashSet<CheckedNode> stuck, HashSet<CheckedNode> walked)
    {
        var path = new List<CheckedNode>();
        var onPath = new Dictionary<CheckedNode, int>();
        var node = start;
        while (node is not null)
        {
            if (onPath.TryGetValue(node, out var index))
            {
                var cycle = path.Skip(index).ToList();
                cycle.Add(node);
                return cycle;
            }

            // From any node the walk always takes the same next node, so a walk that reaches a node an earlier walk
            // went through ends in the cycle that walk found (already reported or skipped). Stopping there keeps a
            // long chain of elements leading into a cycle linear: walking it again from every element was quadratic.
            if (!walked.Add(node))
            {
                return null;
            }

            onPath[node] = path.Count;
            path.Add(node);
            node = node.Uses.Select(u => _producers.GetValueOrDefault(u)).OfType<CheckedNode>()
                .Where(stuck.Contains).OrderBy(n => n.DeclarationIndex).FirstOrDefault();
        }

        return null;
    }

    private void ReportCycle(List<CheckedNode> cycle)
    {
        var first = cycle[0];
        var names = string.Join(" → ", cycle.Select(n => n is RuleNode r ? "rule " + r.Id : n.Name));
        Error(first.Source, DiagnosticCodes.Cycle,
            $"these elements depend on each other in a cycle: {names}; one of them must be computed without the others");
    }
}
