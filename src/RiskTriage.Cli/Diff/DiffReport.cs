using System.Globalization;
using System.Net;
using System.Text;
using RiskTriage.Cli.Commands;

namespace RiskTriage.Cli.Diff;

/// <summary>Writes the impact of a rule change as text (for the terminal) and as one self-contained HTML file.</summary>
/// <remarks>One file on purpose (just over 500 lines): the text and HTML renderings show the same sections in the same order, side by side.</remarks>
internal sealed class DiffReport(RuleSetIdentity oldId, RuleSetIdentity newId, string cases, DiffStats stats, IReadOnlyList<RuleChange> ruleChanges)
{
    /// <summary>How many characters of a property's JSON the text report shows.</summary>
    private const int TextValueWidth = 100;

    /// <summary>Same name and version but different files: the report says so, since the two sides would read alike.</summary>
    private bool SameVersionDifferentRules => oldId.Name == newId.Name && oldId.Version == newId.Version && oldId.Hash != newId.Hash;

    // ---- Text ---------------------------------------------------------------------------------------

    public void WriteText(TextWriter w)
    {
        w.WriteLine($"old    {oldId.Name} {oldId.Version} ({oldId.Hash})");
        w.WriteLine($"new    {newId.Name} {newId.Version} ({newId.Hash})");
        if (SameVersionDifferentRules)
        {
            w.WriteLine($"note   both are {newId.Name} {newId.Version} but the rule files differ: raise the version of the new rule set");
        }

        w.WriteLine(Invariant($"cases  {stats.Cases:N0} from {cases}"));
        WriteRuleChanges(w);
        w.WriteLine(Invariant($"changed decisions: {stats.ChangedCases:N0} of {stats.Cases:N0} ({DiffCommand.Percent(stats.ChangedCases, stats.Cases)})"));
        if (stats.OldInvalid + stats.NewInvalid > 0)
        {
            w.WriteLine(Invariant($"invalid cases: {stats.OldInvalid:N0} with the old rule set, {stats.NewInvalid:N0} with the new"));
        }

        var changed = stats.PerOutput.Where(o => o.Changed > 0).ToList();
        w.WriteLine();
        if (changed.Count == 0 && stats.Status.Changed == 0)
        {
            w.WriteLine("no output changed");
        }
        else
        {
            var width = changed.Select(o => o.Name.Length).Append("status".Length).Append("changes per output".Length - 2).Max();
            w.WriteLine(Invariant($"{"changes per output".PadRight(width + 2)}  {"changed",8}  {"raised",8}  {"lowered",8}"));
            if (stats.Status.Transitions.Any(t => t.Key.From != t.Key.To))
            {
                w.WriteLine(Invariant($"  {"status".PadRight(width)}  {stats.Status.Transitions.Where(t => t.Key.From != t.Key.To).Sum(t => t.Value),8:N0}  {"-",8}  {"-",8}"));
            }

            foreach (var output in changed)
            {
                w.WriteLine(Invariant($"  {output.Name.PadRight(width)}  {output.Changed,8:N0}  {Moved(output, output.Raised),8}  {Moved(output, output.Lowered),8}"));
            }

            if (changed.Any(o => !o.Ordered))
            {
                w.WriteLine("  (-: the output has no order, so a change is neither raised nor lowered)");
            }
        }

        WriteGroups(w);

        var shown = stats.Shown();
        foreach (var output in shown.Where(o => o.Changed > 0))
        {
            w.WriteLine();
            WriteMatrix(w, output);
        }

        var unchanged = shown.Where(o => o.Changed == 0).Select(o => o.Name).ToList();
        if (unchanged.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"unchanged: {string.Join(", ", unchanged)}");
        }

        var untabulated = stats.Chosen is not null
            ? shown.Where(o => !o.Tabulated).Select(o => o.Name).ToList()
            : [];
        if (untabulated.Count > 0)
        {
            w.WriteLine($"too many distinct values to tabulate: {string.Join(", ", untabulated)}");
        }

        if (stats.Examples.Count > 0)
        {
            w.WriteLine();
            w.WriteLine(stats.ChangedCases > stats.Examples.Count
                ? Invariant($"changed cases (first {stats.Examples.Count:N0} of {stats.ChangedCases:N0})")
                : "changed cases");
            foreach (var example in stats.Examples)
            {
                w.WriteLine($"  {example.Label}: " + string.Join("; ", example.Changes.Select(c => $"{c.Output} {c.From} -> {c.To}")));
            }

            if (stats.ChangedCases > stats.Examples.Count)
            {
                w.WriteLine(Invariant($"  ... and {stats.ChangedCases - stats.Examples.Count:N0} more"));
            }
        }
    }

    private static string Moved(OutputStats output, long count) => output.Ordered ? Count(count) : "-";

    private void WriteRuleChanges(TextWriter w)
    {
        w.WriteLine();
        if (ruleChanges.Count == 0)
        {
            w.WriteLine(oldId.Hash == newId.Hash ? "rule changes: none (the same rule files)" : "rule changes: none (the files differ only in layout or comments)");
            w.WriteLine();
            return;
        }

        w.WriteLine(Invariant($"rule changes: {ruleChanges.Count:N0} (old -> new)"));
        foreach (var change in ruleChanges)
        {
            w.WriteLine($"  {change.Kind.ToString().ToLowerInvariant(),-8} {change.Label} ({change.Where})");
            foreach (var property in change.Properties)
            {
                var text = change.Kind switch
                {
                    RuleChangeKind.Added => Clip(property.New!),
                    RuleChangeKind.Removed => Clip(property.Old!),
                    _ => $"{(property.Old is null ? "(not written)" : Clip(property.Old))} -> {(property.New is null ? "(not written)" : Clip(property.New))}",
                };
                w.WriteLine($"             {property.Property}: {text}");
            }
        }

        w.WriteLine();
    }

    private static string Clip(string text) => text.Length <= TextValueWidth ? text : text[..(TextValueWidth - 3)] + "...";

    /// <summary>The groups in ordinal order of their values, the missing and other-values groups last.</summary>
    private IEnumerable<GroupStats> OrderedGroups() => stats.Groups.Values
        .OrderBy(g => g.Value is DiffCommand.MissingGroup or DiffCommand.Unreadable or DiffStats.OtherGroup)
        .ThenBy(g => g.Value, StringComparer.Ordinal);

    private void WriteGroups(TextWriter w)
    {
        if (stats.By is not { } by)
        {
            return;
        }

        var groups = OrderedGroups().ToList();
        w.WriteLine();
        w.WriteLine($"impact by {by} (raised: some ordered output rose and none fell; lowered: the reverse)");
        var width = groups.Select(g => g.Value.Length).Append(by.Length).Max();
        w.WriteLine(Invariant($"  {by.PadRight(width)}  {"cases",8}  {"changed",8}  {"raised",8}  {"lowered",8}"));
        foreach (var g in groups)
        {
            w.WriteLine(Invariant($"  {g.Value.PadRight(width)}  {g.Cases,8:N0}  {g.Changed,8:N0}  {g.Raised,8:N0}  {g.Lowered,8:N0}  ({DiffCommand.Percent(g.Changed, g.Cases)} changed)"));
        }
    }

    private void WriteMatrix(TextWriter w, OutputStats output)
    {
        var rows = output.Before.Keys.Order(StringComparer.Ordinal).ToList();
        var columns = output.After.Keys.Order(StringComparer.Ordinal).ToList();
        w.WriteLine(Invariant($"{output.Name}: {output.Changed:N0} of {stats.Cases:N0} changed (rows: old value, columns: new value)"));
        const string corner = "old \\ new";
        var labelWidth = rows.Append(corner).Max(r => r.Length);
        var widths = columns.Select(c => Math.Max(c.Length, output.Transitions.Where(t => t.Key.To == c).Select(t => Count(t.Value).Length).DefaultIfEmpty(1).Max())).ToList();
        var header = new StringBuilder("  ").Append(corner.PadRight(labelWidth));
        for (var j = 0; j < columns.Count; j++)
        {
            header.Append("  ").Append(columns[j].PadLeft(widths[j]));
        }

        w.WriteLine(header.ToString());
        foreach (var row in rows)
        {
            var line = new StringBuilder("  ").Append(row.PadRight(labelWidth));
            for (var j = 0; j < columns.Count; j++)
            {
                var count = output.Transitions.GetValueOrDefault((row, columns[j]));
                line.Append("  ").Append((count == 0 ? "." : Count(count)).PadLeft(widths[j]));
            }

            w.WriteLine(line.ToString());
        }
    }

    // ---- HTML ---------------------------------------------------------------------------------------

    private const string OldColour = "#9aa5b1";
    private const string NewColour = "#2b6cb0";

    public void WriteHtml(TextWriter w)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>Rule change impact: ").Append(E(oldId.Name)).Append(' ').Append(E(oldId.Version)).Append(" → ")
            .Append(E(newId.Name)).Append(' ').Append(E(newId.Version)).Append("</title>\n");
        h.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        h.Append("<h1>Rule change impact</h1>\n");

        h.Append("<section class=\"summary\">\n<table class=\"ids\">\n");
        h.Append("<tr><th>old</th><td>").Append(Identity(oldId)).Append("</td></tr>\n");
        h.Append("<tr><th>new</th><td>").Append(Identity(newId)).Append("</td></tr>\n");
        h.Append("<tr><th>cases</th><td>").Append(E(Count(stats.Cases))).Append(" from <code>").Append(E(cases)).Append("</code></td></tr>\n");
        if (SameVersionDifferentRules)
        {
            h.Append("<tr><th>note</th><td class=\"warn\">Both are ").Append(E(newId.Name)).Append(' ').Append(E(newId.Version))
                .Append(" but the rule files differ: raise the version of the new rule set.</td></tr>\n");
        }

        h.Append("</table>\n<div class=\"big\"><span class=\"num\">").Append(E(Count(stats.ChangedCases))).Append("</span> of ")
            .Append(E(Count(stats.Cases))).Append(" decisions change (").Append(E(DiffCommand.Percent(stats.ChangedCases, stats.Cases))).Append(")</div>\n");
        if (stats.OldInvalid + stats.NewInvalid > 0)
        {
            h.Append("<p class=\"warn\">Invalid cases: ").Append(E(Count(stats.OldInvalid))).Append(" with the old rule set, ")
                .Append(E(Count(stats.NewInvalid))).Append(" with the new.</p>\n");
        }

        var changed = stats.PerOutput.Where(o => o.Changed > 0).ToList();
        if (changed.Count > 0)
        {
            h.Append("<h2>Changes per output</h2>\n<table class=\"counts\">\n<tr><th>output</th><th>cases changed</th><th>raised</th><th>lowered</th><th></th></tr>\n");
            var max = changed.Max(o => o.Changed);
            foreach (var output in changed)
            {
                var width = max == 0 ? 0 : Math.Max(1, (int)Math.Round(160.0 * output.Changed / max));
                h.Append("<tr><td><code>").Append(E(output.Name)).Append("</code></td><td class=\"n\">").Append(E(Count(output.Changed)))
                    .Append("</td><td class=\"n up\">").Append(E(Moved(output, output.Raised))).Append("</td><td class=\"n down\">").Append(E(Moved(output, output.Lowered)))
                    .Append("</td><td><svg width=\"164\" height=\"12\" role=\"img\" aria-label=\"").Append(E(Count(output.Changed))).Append("\"><rect x=\"0\" y=\"1\" width=\"")
                    .Append(width).Append("\" height=\"10\" fill=\"").Append(NewColour).Append("\"/></svg></td></tr>\n");
            }

            h.Append("</table>\n");
            if (changed.Any(o => !o.Ordered))
            {
                h.Append("<p class=\"note\">–: the output has no order, so a change is neither raised nor lowered.</p>\n");
            }
        }

        h.Append("</section>\n");
        AppendRuleChanges(h);
        AppendGroups(h);

        var shown = stats.Shown();
        foreach (var output in shown.Where(o => o.Changed > 0 || !o.Tabulated).OrderByDescending(o => o.Changed))
        {
            h.Append("<section class=\"output\">\n<h2><code>").Append(E(output.Name)).Append("</code> <span class=\"sub\">")
                .Append(E(Count(output.Changed))).Append(" of ").Append(E(Count(stats.Cases))).Append(" changed</span></h2>\n");
            if (!output.Tabulated)
            {
                h.Append("<p>Too many distinct values to tabulate.</p>\n</section>\n");
                continue;
            }

            h.Append("<div class=\"pair\">\n");
            h.Append("<figure>\n<figcaption>Transitions (rows: old value, columns: new value)</figcaption>\n");
            AppendMatrix(h, output);
            h.Append("</figure>\n<figure>\n<figcaption>Distribution before and after</figcaption>\n");
            AppendChart(h, output);
            h.Append("</figure>\n</div>\n</section>\n");
        }

        var unchanged = shown.Where(o => o.Changed == 0 && o.Tabulated).ToList();
        if (unchanged.Count > 0)
        {
            h.Append("<section>\n<h2>Outputs that do not change <span class=\"sub\">same distribution before and after</span></h2>\n<div class=\"grid\">\n");
            foreach (var output in unchanged)
            {
                h.Append("<figure>\n<figcaption><code>").Append(E(output.Name)).Append("</code></figcaption>\n");
                AppendChart(h, output, barArea: 220);
                h.Append("</figure>\n");
            }

            h.Append("</div>\n</section>\n");
        }

        if (stats.Examples.Count > 0)
        {
            h.Append("<section>\n<h2>Changed cases");
            if (stats.ChangedCases > stats.Examples.Count)
            {
                h.Append(" <span class=\"sub\">first ").Append(E(Count(stats.Examples.Count))).Append(" of ").Append(E(Count(stats.ChangedCases))).Append("</span>");
            }

            h.Append("</h2>\n<table class=\"cases\">\n<tr><th>case</th><th>output</th><th>old</th><th>new</th></tr>\n");
            foreach (var example in stats.Examples)
            {
                for (var i = 0; i < example.Changes.Count; i++)
                {
                    var (output, from, to) = example.Changes[i];
                    h.Append(i == 0 ? "<tr class=\"first\">" : "<tr>");
                    if (i == 0)
                    {
                        h.Append("<td rowspan=\"").Append(example.Changes.Count).Append("\">").Append(E(example.Label)).Append("</td>");
                    }

                    h.Append("<td><code>").Append(E(output)).Append("</code></td><td>").Append(E(from)).Append("</td><td>").Append(E(to)).Append("</td></tr>\n");
                }
            }

            h.Append("</table>\n</section>\n");
        }

        h.Append("<footer>Generated by risktriage diff.</footer>\n</main>\n</body>\n</html>\n");
        w.Write(h.ToString());
    }

    private void AppendRuleChanges(StringBuilder h)
    {
        h.Append("<section id=\"rule-changes\">\n<h2>Rule changes <span class=\"sub\">").Append(E(Count(ruleChanges.Count)))
            .Append(ruleChanges.Count == 1 ? " change" : " changes").Append(" in the rule files</span></h2>\n");
        if (ruleChanges.Count == 0)
        {
            h.Append("<p>").Append(oldId.Hash == newId.Hash ? "The same rule files." : "No rule element changed; the files differ only in layout or comments.").Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table class=\"rules\">\n<tr><th>change</th><th>element</th><th>property</th><th>old</th><th>new</th><th>where</th></tr>\n");
        foreach (var change in ruleChanges)
        {
            var kind = change.Kind.ToString().ToLowerInvariant();
            for (var i = 0; i < change.Properties.Count; i++)
            {
                var property = change.Properties[i];
                h.Append(i == 0 ? "<tr class=\"first " + kind + "\">" : "<tr class=\"" + kind + "\">");
                if (i == 0)
                {
                    var span = Invariant($" rowspan=\"{change.Properties.Count}\"");
                    h.Append("<td").Append(span).Append("><span class=\"tag ").Append(kind).Append("\">").Append(kind).Append("</span></td>");
                    h.Append("<td").Append(span).Append("><code>").Append(E(change.Label)).Append("</code></td>");
                }

                h.Append("<td><code>").Append(E(property.Property)).Append("</code></td>");
                h.Append("<td class=\"old\"><code>").Append(E(property.Old ?? "")).Append("</code></td>");
                h.Append("<td class=\"new\"><code>").Append(E(property.New ?? "")).Append("</code></td>");
                if (i == 0)
                {
                    h.Append("<td").Append(Invariant($" rowspan=\"{change.Properties.Count}\"")).Append("><code>").Append(E(change.Where)).Append("</code></td>");
                }

                h.Append("</tr>\n");
            }
        }

        h.Append("</table>\n</section>\n");
    }

    private void AppendGroups(StringBuilder h)
    {
        if (stats.By is not { } by)
        {
            return;
        }

        h.Append("<section id=\"impact-by\">\n<h2>Impact by <code>").Append(E(by)).Append("</code> <span class=\"sub\">raised: some ordered output rose and none fell; lowered: the reverse</span></h2>\n");
        h.Append("<table class=\"counts groups\">\n<tr><th>").Append(E(by)).Append("</th><th>cases</th><th>changed</th><th>raised</th><th>lowered</th><th>changed %</th></tr>\n");
        foreach (var g in OrderedGroups())
        {
            h.Append("<tr><td>").Append(E(g.Value)).Append("</td><td class=\"n\">").Append(E(Count(g.Cases))).Append("</td><td class=\"n\">").Append(E(Count(g.Changed)))
                .Append("</td><td class=\"n up\">").Append(E(Count(g.Raised))).Append("</td><td class=\"n down\">").Append(E(Count(g.Lowered)))
                .Append("</td><td class=\"n\">").Append(E(DiffCommand.Percent(g.Changed, g.Cases))).Append("</td></tr>\n");
        }

        h.Append("</table>\n</section>\n");
    }

    private void AppendMatrix(StringBuilder h, OutputStats output)
    {
        var rows = output.Before.Keys.Order(StringComparer.Ordinal).ToList();
        var columns = output.After.Keys.Order(StringComparer.Ordinal).ToList();
        var maxMoved = output.Transitions.Where(t => t.Key.From != t.Key.To).Select(t => t.Value).DefaultIfEmpty(0).Max();
        h.Append("<table class=\"matrix\">\n<tr><th class=\"corner\">old ↓ new →</th>");
        foreach (var column in columns)
        {
            h.Append("<th>").Append(E(column)).Append("</th>");
        }

        h.Append("<th class=\"total\">total</th></tr>\n");
        foreach (var row in rows)
        {
            h.Append("<tr><th>").Append(E(row)).Append("</th>");
            foreach (var column in columns)
            {
                var count = output.Transitions.GetValueOrDefault((row, column));
                if (count == 0)
                {
                    h.Append("<td class=\"zero\">·</td>");
                }
                else if (row == column)
                {
                    h.Append("<td class=\"same\">").Append(E(Count(count))).Append("</td>");
                }
                else
                {
                    var alpha = 0.15 + (0.6 * count / Math.Max(1, maxMoved));
                    h.Append("<td class=\"moved\" style=\"background:rgba(214,69,65,").Append(alpha.ToString("0.00", CultureInfo.InvariantCulture))
                        .Append(")\">").Append(E(Count(count))).Append("</td>");
                }
            }

            h.Append("<td class=\"total\">").Append(E(Count(output.Before.GetValueOrDefault(row)))).Append("</td></tr>\n");
        }

        h.Append("<tr><th class=\"total\">total</th>");
        foreach (var column in columns)
        {
            h.Append("<td class=\"total\">").Append(E(Count(output.After.GetValueOrDefault(column)))).Append("</td>");
        }

        h.Append("<td class=\"total\">").Append(E(Count(stats.Cases))).Append("</td></tr>\n</table>\n");
    }

    /// <summary>A horizontal grouped bar chart: for each value, a bar for before and one for after.</summary>
    private static void AppendChart(StringBuilder h, OutputStats output, int barArea = 300)
    {
        const int barHeight = 11;
        const int rowGap = 9;
        const int rowHeight = (2 * barHeight) + 2 + rowGap;
        const int top = 28;
        var values = output.Values;
        var labels = values.Select(v => v.Length > 28 ? v[..27] + "…" : v).ToList();
        var labelWidth = Math.Clamp((labels.Select(l => l.Length).DefaultIfEmpty(4).Max() * 8) + 14, 50, 250);
        var max = Math.Max(1, values.Select(v => Math.Max(output.Before.GetValueOrDefault(v), output.After.GetValueOrDefault(v))).DefaultIfEmpty(1).Max());
        var width = labelWidth + barArea + 70;
        var height = top + (values.Count * rowHeight);
        h.Append(Invariant($"<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"distribution of {E(output.Name)} before and after\">\n"));
        h.Append(Invariant($"<rect x=\"{labelWidth}\" y=\"4\" width=\"12\" height=\"10\" fill=\"{OldColour}\"/><text x=\"{labelWidth + 16}\" y=\"13\" class=\"legend\">old</text>"));
        h.Append(Invariant($"<rect x=\"{labelWidth + 60}\" y=\"4\" width=\"12\" height=\"10\" fill=\"{NewColour}\"/><text x=\"{labelWidth + 76}\" y=\"13\" class=\"legend\">new</text>\n"));
        for (var i = 0; i < values.Count; i++)
        {
            var y = top + (i * rowHeight);
            var before = output.Before.GetValueOrDefault(values[i]);
            var after = output.After.GetValueOrDefault(values[i]);
            h.Append(Invariant($"<g><title>{E(values[i])}: {Count(before)} before, {Count(after)} after</title>"));
            h.Append(Invariant($"<text x=\"{labelWidth - 8}\" y=\"{y + barHeight + 4}\" text-anchor=\"end\" class=\"label\">{E(labels[i])}</text>"));
            AppendBar(h, labelWidth, y, before, max, barArea, barHeight, OldColour);
            AppendBar(h, labelWidth, y + barHeight + 2, after, max, barArea, barHeight, NewColour);
            h.Append("</g>\n");
        }

        h.Append(Invariant($"<line x1=\"{labelWidth}\" y1=\"{top - 4}\" x2=\"{labelWidth}\" y2=\"{height - rowGap + 2}\" stroke=\"#555\" stroke-width=\"1\"/>\n"));
        h.Append("</svg>\n");
    }

    private static void AppendBar(StringBuilder h, int x, int y, long count, long max, int area, int height, string colour)
    {
        var length = count == 0 ? 0 : Math.Max(1.0, (double)area * count / max);
        h.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"{length:0.#}\" height=\"{height}\" fill=\"{colour}\"/>"));
        h.Append(Invariant($"<text x=\"{x + length + 4:0.#}\" y=\"{y + height - 2}\" class=\"count\">{Count(count)}</text>"));
    }

    private static string Identity(RuleSetIdentity id) =>
        $"<strong>{E(id.Name)} {E(id.Version)}</strong> <code class=\"hash\">{E(id.Hash)}</code>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f7f9; color: #1f2933; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
        h1 { font-size: 24px; margin: 0 0 16px; }
        h2 { font-size: 17px; margin: 0 0 12px; }
        h2 .sub { font-weight: normal; color: #616e7c; font-size: 14px; margin-left: 8px; }
        section { background: #fff; border: 1px solid #d9dee4; border-radius: 6px; padding: 16px 20px; margin: 0 0 18px; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
        code.hash { color: #616e7c; font-size: 12px; word-break: break-all; }
        table { border-collapse: collapse; }
        table.ids th { text-align: left; padding: 2px 14px 2px 0; color: #616e7c; font-weight: normal; vertical-align: top; }
        table.ids td { padding: 2px 0; }
        .big { font-size: 18px; margin: 14px 0 6px; }
        .big .num { font-size: 30px; font-weight: 700; color: #c0392b; margin-right: 4px; }
        .warn { color: #9a5b00; }
        table.counts { margin-top: 4px; }
        table.counts th, table.counts td { padding: 3px 12px 3px 0; text-align: left; }
        table.counts td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .pair { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
        figure { margin: 0; }
        .grid { display: flex; flex-wrap: wrap; gap: 18px 36px; }
        .grid figcaption code { color: #1f2933; font-weight: 600; }
        figcaption { color: #616e7c; font-size: 12px; margin-bottom: 6px; }
        table.matrix { font-variant-numeric: tabular-nums; }
        table.matrix th, table.matrix td { border: 1px solid #d9dee4; padding: 4px 8px; text-align: right; min-width: 34px; }
        table.matrix th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
        table.matrix th.corner { color: #616e7c; font-weight: normal; font-size: 12px; }
        table.matrix td.zero { color: #b8c0c8; text-align: center; }
        table.matrix td.same { background: #f2f4f6; }
        table.matrix td.moved { font-weight: 700; }
        table.matrix .total { background: #fafbfc; color: #3e4c59; }
        svg.chart text { font-size: 12px; fill: #1f2933; }
        svg.chart text.count { fill: #3e4c59; font-variant-numeric: tabular-nums; }
        svg.chart text.legend { fill: #3e4c59; }
        table.cases th, table.cases td { border-bottom: 1px solid #e4e7eb; padding: 4px 14px 4px 0; text-align: left; vertical-align: top; }
        table.cases tr.first td { border-top: 1px solid #c5ccd3; }
        footer { color: #7b8794; font-size: 12px; margin-top: 10px; }
        .note { color: #616e7c; font-size: 12px; margin: 6px 0 0; }
        td.up { color: #9a3412; }
        td.down { color: #1d4ed8; }
        table.rules { width: 100%; table-layout: auto; }
        table.rules th, table.rules td { border-bottom: 1px solid #e4e7eb; padding: 4px 12px 4px 0; text-align: left; vertical-align: top; }
        table.rules tr.first td { border-top: 1px solid #c5ccd3; }
        table.rules td.old code { color: #8a1c1c; background: #fdecec; word-break: break-word; }
        table.rules td.new code { color: #14532d; background: #e8f6ee; word-break: break-word; }
        .tag { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 3px; text-transform: uppercase; }
        .tag.added { background: #e8f6ee; color: #14532d; }
        .tag.removed { background: #fdecec; color: #8a1c1c; }
        .tag.changed { background: #fff4d6; color: #7a4b00; }

        """;
}
