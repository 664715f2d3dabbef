using System.Globalization;
using RiskTriage.Cli.Input;

namespace RiskTriage.Cli.Explain;

/// <summary>Writes a plain-text account of one decision from its full trace.</summary>
internal sealed class Explainer
{
    private const string Indent = "  ";
    private readonly RuleSet _ruleSet;
    private readonly Decision _decision;
    private readonly RuleSetOutline _outline;
    private readonly CaseFields? _case;
    private readonly IReadOnlyList<TraceEntry> _trace;
    private readonly Dictionary<string, RuleValue> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inputs;

    public Explainer(RuleSet ruleSet, Decision decision, RuleSetOutline outline, CaseFields? @case)
    {
        _ruleSet = ruleSet;
        _decision = decision;
        _outline = outline;
        _case = @case;
        _trace = decision.Trace ?? [];
        _inputs = ruleSet.InputNames.ToHashSet(StringComparer.Ordinal);
        CollectKnownValues();
    }

    public void Write(TextWriter w)
    {
        var id = _decision.RuleSet;
        w.WriteLine($"Rule set  {id.Name} {id.Version} ({id.Hash})");
        w.WriteLine($"Case      {_decision.CaseId ?? "(no case id)"}");
        w.WriteLine($"Status    {_decision.Status}");

        if (_decision.Errors.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Errors ({_decision.Errors.Count}): the case could not be read, so nothing was decided");
            foreach (var error in _decision.Errors)
            {
                w.WriteLine($"{Indent}{error.Path}: {error.Message}");
            }

            return;
        }

        w.WriteLine();
        if (_decision.ReviewReasons.Count == 0)
        {
            w.WriteLine("Review reasons: none");
        }
        else
        {
            w.WriteLine($"Review reasons ({_decision.ReviewReasons.Count})");
            var width = _decision.ReviewReasons.Max(r => r.Code.Length);
            foreach (var reason in _decision.ReviewReasons)
            {
                var source = reason.Source is null ? "" : $" [{reason.Source}]";
                w.WriteLine($"{Indent}{reason.Code.PadRight(width)}  {reason.Message}{source}");
            }
        }

        WriteOutputs(w);
        WriteScorecards(w);
        WriteBands(w);
        WriteTables(w);
        WriteRules(w);
        WriteValues(w);
    }

    // ---- Outputs ------------------------------------------------------------------------------------

    private void WriteOutputs(TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("Outputs");
        foreach (var (name, value) in _decision.Outputs)
        {
            w.WriteLine($"{Indent}{name} = {JsonText.Display(value)}");
            foreach (var line in Provenance(name))
            {
                w.WriteLine($"{Indent}{Indent}{Indent}{line}");
            }
        }
    }

    /// <summary>Lines saying what produced an output.</summary>
    private IEnumerable<string> Provenance(string output)
    {
        var entry = _trace.LastOrDefault(e => e.Kind == TraceEntryKind.Output && e.Element == output);
        if (entry?.Detail is { } detail && detail.StartsWith("set by ", StringComparison.Ordinal))
        {
            var source = detail["set by ".Length..];
            var ruleId = source.StartsWith("rule ", StringComparison.Ordinal) ? source["rule ".Length..] : source;
            var rule = _trace.FirstOrDefault(e => e.Kind == TraceEntryKind.Rule && e.Item == ruleId);
            yield return $"set by {source}" + (rule?.Detail is { } description ? $": {description}" : "");
            if (rule is not null && rule.Operands.Count > 0)
            {
                yield return "when " + Operands(rule);
            }

            yield break;
        }

        if (entry?.Detail == "no value")
        {
            yield return "no value: nothing set it";
            yield break;
        }

        if (_outline.OutputExpressions.TryGetValue(output, out var expression))
        {
            foreach (var line in ExpressionLines(expression, output))
            {
                yield return line;
            }

            yield break;
        }

        foreach (var line in ElementLines(output))
        {
            yield return line;
        }
    }

    private IEnumerable<string> ExpressionLines(string expression, string self)
    {
        yield return "= " + expression;
        var names = RuleSetOutline.NamesIn(expression).Where(n => n != self).ToList();
        var where = names.Select(n => TryValue(n, out var text) ? $"{n} = {text}" : null).OfType<string>().ToList();
        if (where.Count > 0)
        {
            yield return "where " + string.Join(", ", where);
        }

        // One step further back for names a table, band or scorecard produced (one line per table).
        var tablesShown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (_outline.TableOf.TryGetValue(name, out var table))
            {
                if (tablesShown.Add(table))
                {
                    var label = string.Join(", ", names.Where(n => _outline.TableOf.GetValueOrDefault(n) == table));
                    foreach (var line in ElementLines(name, label))
                    {
                        yield return line;
                    }
                }
            }
            else if (_outline.BandExpressions.ContainsKey(name) || _outline.Scorecards.Contains(name))
            {
                foreach (var line in ElementLines(name))
                {
                    yield return line;
                }
            }
        }
    }

    /// <summary>Lines naming the band, scorecard, table or value behind a name.</summary>
    private IEnumerable<string> ElementLines(string name, string? label = null)
    {
        var band = _trace.LastOrDefault(e => e.Kind == TraceEntryKind.Band && e.Element == name);
        if (band is not null)
        {
            yield return $"{name}: band {band.Item} ({band.Detail})" + (band.Operands.Count > 0 ? $" for {Operands(band)}" : $" for value {JsonText.Display(band.Value)}");
            yield break;
        }

        if (_outline.Scorecards.Contains(name) || _trace.Any(e => e.Kind == TraceEntryKind.ScorecardRow && e.Element == name))
        {
            var rows = _trace.Where(e => e.Kind == TraceEntryKind.ScorecardRow && e.Element == name).ToList();
            yield return rows.Count == 0
                ? $"{name}: scorecard, no row scored (0 points)"
                : $"{name}: scorecard total {Number(rows.Sum(r => r.Value.AsNumber ?? 0))} = " + string.Join(" ", rows.Select(r => $"{r.Item} {Signed(r.Value)}"));
            yield break;
        }

        var table = _outline.TableOf.TryGetValue(name, out var t) ? t : _trace.Any(e => e.Kind == TraceEntryKind.TableRow && e.Element == name) ? name : null;
        if (table is not null)
        {
            var rows = _trace.Where(e => e.Kind == TraceEntryKind.TableRow && e.Element == table).ToList();
            if (rows.Count == 0)
            {
                yield return $"{label ?? name}: table {table}, no row matched";
            }

            foreach (var row in rows)
            {
                yield return $"{label ?? name}: table {table} row {row.Item}" + (row.Operands.Count > 0 ? $" ({Operands(row)})" : "");
            }

            yield break;
        }

        if (_outline.ValueExpressions.TryGetValue(name, out var expression))
        {
            yield return $"{name}: value = {expression}";
            var where = RuleSetOutline.NamesIn(expression).Where(n => n != name)
                .Select(n => TryValue(n, out var text) ? $"{n} = {text}" : null).OfType<string>().ToList();
            if (where.Count > 0)
            {
                yield return $"{new string(' ', name.Length + 2)}where " + string.Join(", ", where);
            }
        }
    }

    // ---- Sections -----------------------------------------------------------------------------------

    private void WriteScorecards(TextWriter w)
    {
        var rows = _trace.Where(e => e.Kind == TraceEntryKind.ScorecardRow).ToList();
        var names = _outline.Scorecards.Count > 0
            ? _outline.Scorecards.OrderBy(n => rows.FindIndex(r => r.Element == n) is var i && i < 0 ? int.MaxValue : i).ToList()
            : rows.Select(r => r.Element).Distinct().ToList();
        if (names.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("Scorecards (rows that scored)");
        foreach (var name in names)
        {
            var scored = rows.Where(r => r.Element == name).ToList();
            w.WriteLine($"{Indent}{name} = {Number(scored.Sum(r => r.Value.AsNumber ?? 0))}");
            if (scored.Count == 0)
            {
                w.WriteLine($"{Indent}{Indent}(no row scored)");
                continue;
            }

            var idWidth = scored.Max(r => (r.Item ?? "").Length);
            var pointsWidth = scored.Max(r => Signed(r.Value).Length);
            var reasonWidth = scored.Max(r => (r.Detail ?? "").Length);
            foreach (var row in scored)
            {
                var operands = row.Operands.Count > 0 ? "  [" + Operands(row) + "]" : "";
                w.WriteLine($"{Indent}{Indent}{(row.Item ?? "").PadRight(idWidth)}  {Signed(row.Value).PadLeft(pointsWidth)}  {(row.Detail ?? "").PadRight(reasonWidth)}{operands}".TrimEnd());
            }
        }
    }

    private void WriteBands(TextWriter w)
    {
        var bands = _trace.Where(e => e.Kind == TraceEntryKind.Band).ToList();
        if (bands.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("Bands (the band each value fell in, and its thresholds)");
        var nameWidth = bands.Max(b => b.Element.Length);
        var labelWidth = bands.Max(b => (b.Item ?? "").Length);
        var detailWidth = bands.Max(b => (b.Detail ?? "").Length);
        foreach (var band in bands)
        {
            var of = band.Operands.Count > 0 ? Operands(band) : "value = " + JsonText.Display(band.Value);
            w.WriteLine($"{Indent}{band.Element.PadRight(nameWidth)}  {(band.Item ?? "").PadRight(labelWidth)}  {(band.Detail ?? "").PadRight(detailWidth)}  [{of}]");
        }
    }

    private void WriteTables(TextWriter w)
    {
        var rows = _trace.Where(e => e.Kind == TraceEntryKind.TableRow).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("Tables (rows matched, with the column values)");
        var nameWidth = rows.Max(r => r.Element.Length);
        var rowWidth = rows.Max(r => (r.Item ?? "").Length);
        foreach (var row in rows)
        {
            var columns = row.Operands.Count > 0 ? Operands(row) : "";
            var sets = RowResults(row.Element, row.Item);
            w.WriteLine($"{Indent}{row.Element.PadRight(nameWidth)}  row {(row.Item ?? "").PadRight(rowWidth)}  {columns}{(sets.Length > 0 ? "  ->  " + sets : "")}".TrimEnd());
        }
    }

    private void WriteRules(TextWriter w)
    {
        var rules = _trace.Where(e => e.Kind == TraceEntryKind.Rule).ToList();
        w.WriteLine();
        if (rules.Count == 0)
        {
            w.WriteLine("Rules fired: none");
            return;
        }

        w.WriteLine("Rules fired (with the values their conditions read)");
        foreach (var rule in rules)
        {
            w.WriteLine($"{Indent}{rule.Item}" + (rule.Detail is { } d ? $": {d}" : ""));
            if (rule.Operands.Count > 0)
            {
                w.WriteLine($"{Indent}{Indent}{Indent}when {Operands(rule)}");
            }
        }
    }

    private void WriteValues(TextWriter w)
    {
        var values = _trace.Where(e => e.Kind == TraceEntryKind.Value).GroupBy(e => e.Element).Select(g => g.Last()).ToList();
        if (values.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("Named values");
        var width = values.Max(v => v.Element.Length);
        foreach (var value in values)
        {
            w.WriteLine($"{Indent}{value.Element.PadRight(width)} = {JsonText.Display(value.Value)}");
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------------

    private void CollectKnownValues()
    {
        foreach (var (name, value) in _decision.Outputs)
        {
            _known[name] = value;
        }

        foreach (var entry in _trace)
        {
            switch (entry.Kind)
            {
                case TraceEntryKind.Value:
                    _known[entry.Element] = entry.Value;
                    break;
                case TraceEntryKind.Band when entry.Item is not null:
                    _known.TryAdd(entry.Element, RuleValue.FromString(entry.Item));
                    break;
            }
        }

        foreach (var group in _trace.Where(e => e.Kind == TraceEntryKind.ScorecardRow).GroupBy(e => e.Element))
        {
            _known.TryAdd(group.Key, RuleValue.FromNumber(group.Sum(e => e.Value.AsNumber ?? 0)));
        }

        foreach (var operand in _trace.SelectMany(e => e.Operands))
        {
            _known.TryAdd(operand.Name, operand.Value);
        }
    }

    /// <summary>The value of a name: a traced value, an input from the case, or a parameter.</summary>
    private bool TryValue(string name, out string text)
    {
        if (_known.TryGetValue(name, out var value))
        {
            text = JsonText.Display(value);
            return true;
        }

        var root = name.Split('.')[0];
        if (_inputs.Contains(root))
        {
            text = _case?.Display(name) ?? "(none)";
            return true;
        }

        if (_outline.Parameters.TryGetValue(name, out var parameter))
        {
            text = Written(parameter);
            return true;
        }

        text = "";
        return false;
    }

    private string RowResults(string table, string? row)
    {
        if (row is null || !_outline.TableRows.TryGetValue((table, row), out var then))
        {
            return "";
        }

        return string.Join(", ", then.Select(set =>
        {
            var shown = set.Value.Expression is { } expression
                ? TryValue(expression.Text, out var v) ? v : expression.Text
                : Written(set.Value.Constant);
            return $"{set.Output} = {shown}";
        }));
    }

    /// <summary>A constant as a rule file writes it: text and dates bare, anything else as JSON.</summary>
    private static string Written(RuleValue value) => value.Kind switch
    {
        RuleValueKind.String => value.AsString!,
        RuleValueKind.Date => value.ToString(),
        _ => value.ToJson(),
    };

    private static string Operands(TraceEntry entry) => string.Join(", ", entry.Operands.Select(o => $"{o.Name} = {JsonText.Display(o.Value)}"));

    private static string Number(double value) => value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Signed(RuleValue value) =>
        value.AsNumber is { } n ? (n < 0 ? "-" + Number(-n) : "+" + Number(n)) : JsonText.Display(value);
}
