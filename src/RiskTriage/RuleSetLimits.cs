namespace RiskTriage;

/// <summary>
/// Size limits that keep hostile or broken rule files and cases from exhausting memory, stack or time.
/// Going over a limit is reported as a diagnostic (rule files) or an invalid decision (cases), never a crash.
/// </summary>
public sealed record RuleSetLimits
{
    /// <summary>The limits used when none are given.</summary>
    public static RuleSetLimits Default { get; } = new();

    /// <summary>Largest rule file, in bytes. Default 4 MiB.</summary>
    public int MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest number of files in one rule-set folder. Default 500.</summary>
    public int MaxFiles { get; init; } = 500;

    /// <summary>Longest expression, in characters. Default 10,000.</summary>
    public int MaxExpressionLength { get; init; } = 10_000;

    /// <summary>Deepest nesting of an expression's syntax tree (parentheses, operators, calls). Default 64.</summary>
    public int MaxExpressionDepth { get; init; } = 64;

    /// <summary>Deepest nesting of JSON objects and arrays in a rule file or a case. Default 64.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Most items in one list of a case. Default 10,000.</summary>
    public int MaxCollectionItems { get; init; } = 10_000;

    /// <summary>Longest text value in a case, in characters. Default 100,000.</summary>
    public int MaxCaseStringLength { get; init; } = 100_000;

    /// <summary>Largest JSON case, in characters. Default 4 MiB.</summary>
    public int MaxCaseLength { get; init; } = 4 * 1024 * 1024;
}
