using RiskTriage.Diagnostics;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// The decision tables' coverage analysis (<see cref="TableCoverage"/>: shadowed rows and gaps), which only ever gives
/// warnings, kept to be run after the check: nothing a rule set evaluates depends on it, so a load can leave it until
/// its warnings are read, off the path to the first decision.
/// </summary>
/// <param name="tables">The tables in the order the check bound them (the order their warnings are reported in).</param>
internal sealed class DeferredCoverage(IReadOnlyList<DeferredCoverage.Table> tables)
{
    /// <summary>Reports every table's coverage warnings to <paramref name="diagnostics"/>, table by table.</summary>
    public void ReportTo(DiagnosticBag diagnostics)
    {
        foreach (var table in tables)
        {
            foreach (var (at, code, message) in TableCoverage.Check(table.Node, table.Decl))
            {
                diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, at.Location, at.Path));
            }
        }
    }

    /// <summary>A checked decision table and its declaration (a class: see <see cref="DiagnosticBag.Entry"/>).</summary>
    internal sealed record Table(TableNode Node, TableDecl Decl);
}
