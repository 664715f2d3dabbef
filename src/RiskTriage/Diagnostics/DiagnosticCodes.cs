namespace RiskTriage.Diagnostics;

/// <summary>
/// Every diagnostic code in one place. Codes are stable: once shipped, a code keeps its meaning.
/// RT00xx reading expression text, RT01xx expression grammar, RT02xx names and types in expressions,
/// RT03xx rule files, RT04xx typed bindings. Match on these constants (<see cref="Diagnostic.Code"/>), not on messages.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>A character that cannot start a token in an expression.</summary>
    public const string UnexpectedCharacter = "RT0001";
    /// <summary>A text literal with no closing quote.</summary>
    public const string UnterminatedString = "RT0002";
    /// <summary>An escape sequence a text literal does not allow.</summary>
    public const string InvalidEscape = "RT0003";
    /// <summary>A number literal that cannot be read.</summary>
    public const string InvalidNumber = "RT0004";
    /// <summary><c>=</c> used where a comparison (<c>==</c>) was meant; expressions do not assign.</summary>
    public const string AssignmentNotAllowed = "RT0005";
    /// <summary><c>&amp;</c> or <c>|</c> used where <c>&amp;&amp;</c> or <c>||</c> was meant.</summary>
    public const string SingleAmpersandOrBar = "RT0006";
    /// <summary>An expression longer than <see cref="RuleSetLimits.MaxExpressionLength"/>.</summary>
    public const string ExpressionTooLong = "RT0007";

    /// <summary>A token the expression grammar does not allow there.</summary>
    public const string UnexpectedToken = "RT0101";
    /// <summary>An expression nested more deeply than <see cref="RuleSetLimits.MaxExpressionDepth"/>.</summary>
    public const string NestedTooDeeply = "RT0102";
    /// <summary>A reserved word used as a name.</summary>
    public const string ReservedWord = "RT0103";
    /// <summary>Text left over after a complete expression.</summary>
    public const string TrailingTokens = "RT0104";
    /// <summary>An empty expression.</summary>
    public const string EmptyExpression = "RT0105";
    /// <summary>A lambda where no function takes one.</summary>
    public const string LambdaNotAllowed = "RT0106";

    /// <summary>A name that is no input, parameter or value.</summary>
    public const string UnknownName = "RT0201";
    /// <summary>A member the object type does not have.</summary>
    public const string UnknownMember = "RT0202";
    /// <summary>A member read on a value that is not an object.</summary>
    public const string NoMembers = "RT0203";
    /// <summary>A function the expression language does not have.</summary>
    public const string UnknownFunction = "RT0204";
    /// <summary>A function called with the wrong number of arguments.</summary>
    public const string WrongArgumentCount = "RT0205";
    /// <summary>An operator applied to operands of types it does not take.</summary>
    public const string OperatorTypeMismatch = "RT0206";
    /// <summary>A function argument of the wrong type.</summary>
    public const string ArgumentTypeMismatch = "RT0207";
    /// <summary>A method the value's type does not have.</summary>
    public const string UnknownMethod = "RT0208";
    /// <summary>A condition that is not a boolean.</summary>
    public const string ConditionNotBool = "RT0209";
    /// <summary>A text compared with a value its enumeration does not list.</summary>
    public const string ValueNotInEnumeration = "RT0210";
    /// <summary>A date literal that is not a valid ISO date.</summary>
    public const string InvalidDate = "RT0211";
    /// <summary>A function argument that must be a lambda and is not.</summary>
    public const string LambdaExpected = "RT0212";
    /// <summary>The branches of a conditional expression have different types.</summary>
    public const string BranchTypeMismatch = "RT0213";
    /// <summary>A list literal whose elements have different types.</summary>
    public const string ListElementTypeMismatch = "RT0214";
    /// <summary>An index into a list that is not a whole number.</summary>
    public const string InvalidIndex = "RT0215";
    /// <summary>An expression whose type is not the type its place requires.</summary>
    public const string WrongResultType = "RT0216";
    /// <summary><c>Distinct()</c> used other than as <c>.Distinct().Count()</c>.</summary>
    public const string DistinctNeedsCount = "RT0217";
    /// <summary><c>??</c> or <c>? :</c> choosing between lists or objects, which they cannot do.</summary>
    public const string ChoiceOfListsOrObjects = "RT0218";

    /// <summary>A rule file larger than <see cref="RuleSetLimits.MaxFileBytes"/> bytes.</summary>
    public const string FileTooLarge = "RT0301";
    /// <summary>A rule file that is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "RT0302";
    /// <summary>A rule file that is not valid JSON.</summary>
    public const string JsonSyntax = "RT0303";
    /// <summary>A JSON value of the wrong kind (an object where a list belongs, ...).</summary>
    public const string WrongJsonKind = "RT0304";
    /// <summary>A property the rule-file format does not define.</summary>
    public const string UnknownProperty = "RT0305";
    /// <summary>A required property that is missing.</summary>
    public const string MissingProperty = "RT0306";
    /// <summary>A name declared twice.</summary>
    public const string DuplicateName = "RT0307";
    /// <summary>A type name that is neither built in nor declared.</summary>
    public const string UnknownTypeName = "RT0308";
    /// <summary>Values or types that depend on themselves.</summary>
    public const string Cycle = "RT0309";
    /// <summary>A missing or invalid <c>ruleSet</c> declaration (name, version).</summary>
    public const string RuleSetMetadata = "RT0310";
    /// <summary>A decision-table hit policy that is unknown or does not fit the table.</summary>
    public const string InvalidHitPolicy = "RT0311";
    /// <summary>A table row with more or fewer cells than the table has columns.</summary>
    public const string CellCount = "RT0312";
    /// <summary>Table rows that overlap under a hit policy that forbids it.</summary>
    public const string OverlappingRows = "RT0313";
    /// <summary>Bands with gaps, overlaps or thresholds out of order.</summary>
    public const string BandProblem = "RT0314";
    /// <summary>A rule effect that is unknown or sets something that is not an output.</summary>
    public const string InvalidEffect = "RT0315";
    /// <summary>A parameter override (<see cref="RuleSetOptions.Parameters"/>) that is unknown or of the wrong type.</summary>
    public const string ParameterOverride = "RT0316";
    /// <summary>A table cell that cannot be read as a test of its column.</summary>
    public const string InvalidCell = "RT0317";
    /// <summary>The rule-set path does not exist or holds no rule files.</summary>
    public const string RuleSetNotFound = "RT0318";
    /// <summary>A row, band or rule id used twice.</summary>
    public const string DuplicateId = "RT0319";
    /// <summary>A default value of the wrong type.</summary>
    public const string DefaultTypeMismatch = "RT0320";
    /// <summary>A table output value of the wrong type or outside its enumeration.</summary>
    public const string TableOutputValue = "RT0321";
    /// <summary>A PRIORITY table whose output has no declared order.</summary>
    public const string PriorityNeedsOrder = "RT0322";
    /// <summary>An output that no rule, table or value sets.</summary>
    public const string OutputNeverSet = "RT0323";
    /// <summary>A name that is not a valid identifier.</summary>
    public const string InvalidName = "RT0324";
    /// <summary>A parameter nothing uses.</summary>
    public const string UnusedParameter = "RT0325";
    /// <summary>An output order that is invalid.</summary>
    public const string InvalidOutputOrder = "RT0385";
    /// <summary>An input range that is invalid.</summary>
    public const string InvalidRange = "RT0370";
    /// <summary>A range declared on an input that is not a number or a date.</summary>
    public const string RangeOnWrongType = "RT0371";
    /// <summary>A default value outside its input's range.</summary>
    public const string DefaultOutOfRange = "RT0372";
    /// <summary>A symbolic link out of the rule-set folder that was not followed (see <see cref="RuleSetOptions.AllowLinksOutsideRuleSet"/>).</summary>
    public const string LinkNotFollowed = "RT0350";
    /// <summary>A folder reached twice through links.</summary>
    public const string FolderReachedTwice = "RT0351";
    /// <summary>A rule-set folder with more than <see cref="RuleSetLimits.MaxFiles"/> files.</summary>
    public const string FolderTooLarge = "RT0352";
    /// <summary>A table row that can never match because earlier rows cover it.</summary>
    public const string ShadowedRow = "RT0330";
    /// <summary>The overlap check of a table stopped at its bound.</summary>
    public const string OverlapCheckIncomplete = "RT0360";
    /// <summary>Loading ran out of stack on a deeply nested rule set.</summary>
    public const string StackExhausted = "RT0361";
    /// <summary>Inputs that no table row covers.</summary>
    public const string TableGap = "RT0331";
    /// <summary>A defect in the engine: the rule set passed its checks but could not be compiled.</summary>
    public const string InternalError = "RT0399";

    /// <summary>A CLR case type that cannot hold a declared input (<see cref="RuleSet.For{TCase}"/>).</summary>
    public const string TypedBindingMismatch = "RT0401";

    /// <summary>
    /// A <see cref="RuleSetBackend.Tiered"/> rule set's compiled code could not be built in the background; the
    /// interpreter keeps evaluating its cases (published through <see cref="Observability.RiskTriageTelemetry.CompileActivity"/>).
    /// </summary>
    public const string CompiledTierFailed = "RT0750";

    /// <summary>
    /// Whether a diagnostic may only come from declarations in rule files that could not be read (an unknown name,
    /// no "ruleSet" declaration, an output no rule sets, a parameter nothing uses...), so it is left out then.
    /// </summary>
    internal static bool MayFollowFromUnreadFiles(string code) =>
        code is UnknownName or UnknownMember or RuleSetMetadata or InvalidEffect or ParameterOverride or OutputNeverSet or UnusedParameter;
}
