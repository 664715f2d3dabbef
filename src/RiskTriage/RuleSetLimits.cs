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
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxFileBytes { get; init => field = Positive(value); } = 4 * 1024 * 1024;

    /// <summary>Largest number of files in one rule-set folder. Default 500.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxFiles { get; init => field = Positive(value); } = 500;

    /// <summary>Longest expression, in characters. Default 10,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxExpressionLength { get; init => field = Positive(value); } = 10_000;

    /// <summary>Deepest nesting of an expression's syntax tree (parentheses, operators, calls). Default 64, at most <see cref="HardMaxExpressionDepth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less, or above <see cref="HardMaxExpressionDepth"/>.</exception>
    public int MaxExpressionDepth { get; init => field = InRange(value, HardMaxExpressionDepth); } = 64;

    /// <summary>Deepest nesting of JSON objects and arrays in a rule file or a case. Default 64, at most <see cref="HardMaxJsonDepth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less, or above <see cref="HardMaxJsonDepth"/>.</exception>
    public int MaxJsonDepth { get; init => field = InRange(value, HardMaxJsonDepth); } = 64;

    /// <summary>Most items in one list of a case. Default 10,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxCollectionItems { get; init => field = Positive(value); } = 10_000;

    /// <summary>Longest text value in a case, in characters. Default 100,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxCaseStringLength { get; init => field = Positive(value); } = 100_000;

    /// <summary>Largest JSON case, in characters. Default 4 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxCaseLength { get; init => field = Positive(value); } = 4 * 1024 * 1024;

    /// <summary>
    /// Most items in all the lists of one case together (a list inside a list item counts too). Default 100,000.
    /// <see cref="MaxCollectionItems"/> bounds each list; this bounds the case, so reading it takes bounded time and memory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxCaseItems { get; init => field = Positive(value); } = 100_000;

    /// <summary>
    /// Most errors an invalid decision lists, and most review reasons a decision lists. Default 100. The rest are
    /// counted: a last error (at <c>$</c>), or a last reason with the code <c>MORE_REVIEW_REASONS</c>, says how many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public int MaxCaseErrors { get; init => field = Positive(value); } = 100;

    /// <summary>
    /// The largest <see cref="MaxExpressionDepth"/> a host may set: 256. Each level of nesting costs every phase that
    /// walks an expression (parsing, type checking, compiling) a few stack frames; deeper limits would let a rule
    /// file overflow the stack of a 1 MiB thread, which ends the process.
    /// </summary>
    public const int HardMaxExpressionDepth = 256;

    /// <summary>The largest <see cref="MaxJsonDepth"/> a host may set: 256 (the rule-file reader walks nested JSON recursively).</summary>
    public const int HardMaxJsonDepth = 256;

    private static int Positive(int value, [System.Runtime.CompilerServices.CallerMemberName] string? name = null) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");

    private static int InRange(int value, int max, [System.Runtime.CompilerServices.CallerMemberName] string? name = null) =>
        value is > 0 and var v && v <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be from 1 to {max}; deeper nesting could overflow the stack");
}
