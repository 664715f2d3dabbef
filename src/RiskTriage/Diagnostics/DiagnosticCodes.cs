namespace RiskTriage.Diagnostics;

/// <summary>
/// Every diagnostic code in one place. Codes are stable: once shipped, a code keeps its meaning.
/// RT00xx reading expression text, RT01xx expression grammar, RT02xx names and types in expressions,
/// RT03xx rule files, RT04xx typed bindings.
/// </summary>
internal static class DiagnosticCodes
{
    public const string UnexpectedCharacter = "RT0001";
    public const string UnterminatedString = "RT0002";
    public const string InvalidEscape = "RT0003";
    public const string InvalidNumber = "RT0004";
    public const string AssignmentNotAllowed = "RT0005";
    public const string SingleAmpersandOrBar = "RT0006";
    public const string ExpressionTooLong = "RT0007";

    public const string UnexpectedToken = "RT0101";
    public const string NestedTooDeeply = "RT0102";
    public const string ReservedWord = "RT0103";
    public const string TrailingTokens = "RT0104";
    public const string EmptyExpression = "RT0105";
    public const string LambdaNotAllowed = "RT0106";

    public const string UnknownName = "RT0201";
    public const string UnknownMember = "RT0202";
    public const string NoMembers = "RT0203";
    public const string UnknownFunction = "RT0204";
    public const string WrongArgumentCount = "RT0205";
    public const string OperatorTypeMismatch = "RT0206";
    public const string ArgumentTypeMismatch = "RT0207";
    public const string UnknownMethod = "RT0208";
    public const string ConditionNotBool = "RT0209";
    public const string ValueNotInEnumeration = "RT0210";
    public const string InvalidDate = "RT0211";
    public const string LambdaExpected = "RT0212";
    public const string BranchTypeMismatch = "RT0213";
    public const string ListElementTypeMismatch = "RT0214";
    public const string InvalidIndex = "RT0215";
    public const string WrongResultType = "RT0216";
    public const string DistinctNeedsCount = "RT0217";
    public const string ChoiceOfListsOrObjects = "RT0218";

    public const string FileTooLarge = "RT0301";
    public const string InvalidUtf8 = "RT0302";
    public const string JsonSyntax = "RT0303";
    public const string WrongJsonKind = "RT0304";
    public const string UnknownProperty = "RT0305";
    public const string MissingProperty = "RT0306";
    public const string DuplicateName = "RT0307";
    public const string UnknownTypeName = "RT0308";
    public const string Cycle = "RT0309";
    public const string RuleSetMetadata = "RT0310";
    public const string InvalidHitPolicy = "RT0311";
    public const string CellCount = "RT0312";
    public const string OverlappingRows = "RT0313";
    public const string BandProblem = "RT0314";
    public const string InvalidEffect = "RT0315";
    public const string ParameterOverride = "RT0316";
    public const string InvalidCell = "RT0317";
    public const string RuleSetNotFound = "RT0318";
    public const string DuplicateId = "RT0319";
    public const string DefaultTypeMismatch = "RT0320";
    public const string TableOutputValue = "RT0321";
    public const string PriorityNeedsOrder = "RT0322";
    public const string OutputNeverSet = "RT0323";
    public const string InvalidName = "RT0324";
    public const string UnusedParameter = "RT0325";
    public const string InvalidOutputOrder = "RT0385";
    public const string InvalidRange = "RT0370";
    public const string RangeOnWrongType = "RT0371";
    public const string DefaultOutOfRange = "RT0372";
    public const string LinkNotFollowed = "RT0350";
    public const string FolderReachedTwice = "RT0351";
    public const string FolderTooLarge = "RT0352";
    public const string ShadowedRow = "RT0330";
    public const string OverlapCheckIncomplete = "RT0360";
    public const string StackExhausted = "RT0361";
    public const string TableGap = "RT0331";
    public const string InternalError = "RT0399";

    public const string TypedBindingMismatch = "RT0401";

    /// <summary>
    /// Whether a diagnostic may only come from declarations in rule files that could not be read (an unknown name,
    /// no "ruleSet" declaration, an output no rule sets, a parameter nothing uses...), so it is left out then.
    /// </summary>
    public static bool MayFollowFromUnreadFiles(string code) =>
        code is UnknownName or UnknownMember or RuleSetMetadata or InvalidEffect or ParameterOverride or OutputNeverSet or UnusedParameter;
}
