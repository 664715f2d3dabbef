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
    /// <summary>
    /// Reports every table's coverage warnings to <paramref name="diagnostics"/>, table by table. Never throws for a
    /// defect in the analysis: run when a loaded rule set's warnings are first read, it must not make that read throw
    /// (<c>TryLoad</c> never does); the table gets a warning saying its analysis could not finish instead.
    /// </summary>
    public void ReportTo(DiagnosticBag diagnostics)
    {
        foreach (var table in tables)
        {
            List<(SourceRef Source, string Code, string Message)> found;
            try
            {
                found = TableCoverage.Check(table.Node, table.Decl);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Warning,
                    $"table '{table.Decl.Name}': its coverage analysis (shadowed rows, gaps) could not finish ({e.GetType().Name}: {e.Message}); the rule set evaluates as checked, but this table's coverage warnings are missing; please report this",
                    table.Decl.Source.Location, table.Decl.Source.Path));
                continue;
            }

            foreach (var (at, code, message) in found)
            {
                diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, at.Location, at.Path));
            }
        }
    }

    /// <summary>A checked decision table and its declaration (a class: see <see cref="DiagnosticBag.Entry"/>).</summary>
    internal sealed record Table(TableNode Node, TableDecl Decl);
}
