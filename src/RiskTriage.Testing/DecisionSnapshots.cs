using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RiskTriage.Testing;

/// <summary>
/// Snapshot testing of decisions, for any test framework (it only throws). A snapshot is the decisions'
/// canonical JSON (<see cref="Decision.ToJson"/>), indented two spaces, with <c>\n</c> line endings, kept in
/// <c>&lt;TestClass&gt;.&lt;TestName&gt;.verified.json</c> beside the test's source file, where TestClass is the
/// source file's name without extension.
/// <list type="bullet">
/// <item>Match: the test passes (and a stale <c>.received.json</c> is deleted).</item>
/// <item>No verified file yet, or a different one: the text is written to <c>&lt;TestClass&gt;.&lt;TestName&gt;.received.json</c>
/// and a <see cref="SnapshotMismatchException"/> is thrown, with a line diff. A new snapshot is never accepted silently.</item>
/// <item>Accept: review the received file and rename it to <c>.verified.json</c>, or run the tests with
/// <c>RISKTRIAGE_ACCEPT_SNAPSHOTS=1</c> (or <c>RISKTRIAGE_ACCEPT=1</c>): the received text is then written as the
/// verified file and the test passes.</item>
/// </list>
/// Commit the <c>.verified.json</c> files; ignore <c>*.received.json</c>.
/// <para>
/// A <see cref="SnapshotSettings"/> leaves out or scrubs members that change for reasons a test does not care about
/// (the rule set's content hash, case ids, dates), and names the file of each case of a <c>[Theory]</c> after its
/// arguments. Each snapshot file may be checked once per test run: a second check of the same file (typically every
/// case of a theory writing to one file) fails with an <see cref="InvalidOperationException"/> that says so.
/// </para>
/// </summary>
public static class DecisionSnapshots
{
    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, accepts received snapshots.</summary>
    public const string AcceptVariable = "RISKTRIAGE_ACCEPT_SNAPSHOTS";

    /// <summary>The repository-wide approval variable, honoured too.</summary>
    internal const string GeneralAcceptVariable = "RISKTRIAGE_ACCEPT";

    // The verified files checked so far in this process (a test run), with the test that checked each; compared
    // ignoring case, as two names that differ only in case are one file on Windows and macOS.
    private static readonly ConcurrentDictionary<string, string> CheckedThisRun = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks one decision against its verified snapshot.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="name">An optional suffix, for several snapshots in one test: <c>&lt;TestClass&gt;.&lt;TestName&gt;.&lt;name&gt;.verified.json</c>.</param>
    /// <param name="sourceFile">Supplied by the compiler: the calling test's source file.</param>
    /// <param name="testName">Supplied by the compiler: the calling test method's name.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or different; the received file was written.</exception>
    /// <exception cref="InvalidOperationException">The snapshot file was already checked in this test run (see the class remarks).</exception>
    public static void Verify(Decision decision, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(decision);
        Check(Format(decision), null, name, sourceFile, testName);
    }

    /// <summary>Checks one decision against its verified snapshot, with members left out or scrubbed and the file named as <paramref name="settings"/> say.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="settings">What to leave out or scrub, and the theory arguments that name the file.</param>
    /// <param name="name">An optional suffix, for several snapshots in one test: <c>&lt;TestClass&gt;.&lt;TestName&gt;[_&lt;parameters&gt;].&lt;name&gt;.verified.json</c>.</param>
    /// <param name="sourceFile">Supplied by the compiler: the calling test's source file.</param>
    /// <param name="testName">Supplied by the compiler: the calling test method's name.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or different; the received file was written.</exception>
    /// <exception cref="InvalidOperationException">The snapshot file was already checked in this test run (see the class remarks).</exception>
    public static void Verify(Decision decision, SnapshotSettings settings, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(settings);
        Check(Format(decision, settings), settings, name, sourceFile, testName);
    }

    /// <summary>Checks several decisions, as one JSON array in input order, against their verified snapshot.</summary>
    /// <param name="decisions">The decisions.</param>
    /// <param name="name">An optional suffix, for several snapshots in one test: <c>&lt;TestClass&gt;.&lt;TestName&gt;.&lt;name&gt;.verified.json</c>.</param>
    /// <param name="sourceFile">Supplied by the compiler: the calling test's source file.</param>
    /// <param name="testName">Supplied by the compiler: the calling test method's name.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or different; the received file was written.</exception>
    /// <exception cref="InvalidOperationException">The snapshot file was already checked in this test run (see the class remarks).</exception>
    public static void Verify(IEnumerable<Decision> decisions, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(decisions);
        Check(Format(decisions), null, name, sourceFile, testName);
    }

    /// <summary>Checks several decisions, as one JSON array in input order, against their verified snapshot, as <paramref name="settings"/> say.</summary>
    /// <param name="decisions">The decisions.</param>
    /// <param name="settings">What to leave out or scrub in each decision, and the theory arguments that name the file.</param>
    /// <param name="name">An optional suffix, for several snapshots in one test: <c>&lt;TestClass&gt;.&lt;TestName&gt;[_&lt;parameters&gt;].&lt;name&gt;.verified.json</c>.</param>
    /// <param name="sourceFile">Supplied by the compiler: the calling test's source file.</param>
    /// <param name="testName">Supplied by the compiler: the calling test method's name.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or different; the received file was written.</exception>
    /// <exception cref="InvalidOperationException">The snapshot file was already checked in this test run (see the class remarks).</exception>
    public static void Verify(IEnumerable<Decision> decisions, SnapshotSettings settings, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(settings);
        Check(Format(decisions, settings), settings, name, sourceFile, testName);
    }

    /// <summary>The snapshot text of one decision: its canonical JSON indented two spaces, <c>\n</c> line endings, a final newline.</summary>
    public static string Format(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return Indent(decision.ToJson()) + "\n";
    }

    /// <summary>The snapshot text of one decision as <see cref="Format(Decision)"/> gives it, with the members <paramref name="settings"/> name left out or scrubbed.</summary>
    public static string Format(Decision decision, SnapshotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(settings);
        return Indent(settings.Apply(decision.ToJson())) + "\n";
    }

    /// <summary>The snapshot text of several decisions: a JSON array of their canonical JSON, indented like <see cref="Format(Decision)"/>.</summary>
    public static string Format(IEnumerable<Decision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return Indent("[" + string.Join(",", decisions.Select(d => d.ToJson())) + "]") + "\n";
    }

    /// <summary>The snapshot text of several decisions as <see cref="Format(IEnumerable{Decision})"/> gives it, with the members <paramref name="settings"/> name left out or scrubbed in each.</summary>
    public static string Format(IEnumerable<Decision> decisions, SnapshotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(settings);
        return Indent("[" + string.Join(",", decisions.Select(d => settings.Apply(d.ToJson()))) + "]") + "\n";
    }

    private static void Check(string received, SnapshotSettings? settings, string? name, string sourceFile, string testName)
    {
        var stem = FileStem(sourceFile, testName, name, settings?.Parameters);
        var directory = ResolveSourceDirectory(sourceFile, ProbeRoots());
        Claim(CheckedThisRun, Path.Combine(directory, stem + ".verified.json"), testName);
        VerifyText(received, directory, stem, AcceptRequested());
    }

    /// <summary>
    /// Records that <paramref name="verifiedPath"/> is checked by <paramref name="testName"/>, and refuses a second check
    /// of it in the same run: a second writer would overwrite the first one's received file, and an accepted run would
    /// keep whichever ran last.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was checked before.</exception>
    internal static void Claim(ConcurrentDictionary<string, string> checkedFiles, string verifiedPath, string testName)
    {
        var key = Path.GetFullPath(verifiedPath);
        if (checkedFiles.TryAdd(key, testName))
        {
            return;
        }

        throw new InvalidOperationException(
            $"The snapshot file {verifiedPath} is checked twice in this test run: first by {checkedFiles[key]}, then by {testName}. " +
            "Every case of a [Theory] writes to the same file unless each has its own: pass the theory's arguments with " +
            "Verify(decision, new SnapshotSettings().UseParameters(arg1, arg2)), or give each call its own name, Verify(decision, \"name\").");
    }

    /// <summary>
    /// The core of <see cref="Verify(Decision, string?, string, string)"/>: compares <paramref name="received"/> with
    /// <c>&lt;directory&gt;/&lt;stem&gt;.verified.json</c>, writing and throwing as documented on the class.
    /// </summary>
    internal static void VerifyText(string received, string directory, string stem, bool accept)
    {
        received = Normalise(received);
        var verifiedPath = Path.Combine(directory, stem + ".verified.json");
        var receivedPath = Path.Combine(directory, stem + ".received.json");
        var verified = File.Exists(verifiedPath) ? Normalise(File.ReadAllText(verifiedPath, Encoding.UTF8)) : null;

        if (accept)
        {
            if (verified != received)
            {
                WriteText(verifiedPath, received);
            }

            File.Delete(receivedPath);
            return;
        }

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        WriteText(receivedPath, received);
        var howToAccept =
            $"Review {receivedPath}, then accept it by renaming it to {Path.GetFileName(verifiedPath)} or by running the tests again with {AcceptVariable}=1.";
        if (verified is null)
        {
            throw new SnapshotMismatchException(
                $"There is no verified snapshot {verifiedPath} yet (a new snapshot is never accepted silently); the received decisions were written to {receivedPath}.\n{howToAccept}",
                verifiedPath, receivedPath, string.Empty, isNewSnapshot: true);
        }

        var diff = LineDiff.Unified(verified, received, "verified " + Path.GetFileName(verifiedPath), "received " + Path.GetFileName(receivedPath));
        throw new SnapshotMismatchException(
            $"The decisions do not match the verified snapshot {verifiedPath}.\n{diff}{howToAccept}",
            verifiedPath, receivedPath, diff, isNewSnapshot: false);
    }

    /// <summary>True when <c>RISKTRIAGE_ACCEPT_SNAPSHOTS</c> or <c>RISKTRIAGE_ACCEPT</c> is <c>1</c> or <c>true</c>.</summary>
    internal static bool AcceptRequested() => IsSet(AcceptVariable) || IsSet(GeneralAcceptVariable);

    /// <summary>
    /// <c>&lt;TestClass&gt;.&lt;TestName&gt;[_&lt;parameters&gt;][.&lt;name&gt;]</c>, TestClass being the source file name
    /// without extension and parameters the text <see cref="SnapshotSettings.UseParameters"/> made.
    /// </summary>
    internal static string FileStem(string sourceFile, string testName, string? name, string? parameters = null)
    {
        if (string.IsNullOrWhiteSpace(testName))
        {
            throw new ArgumentException("the test name is empty; call Verify from a test method or pass testName", nameof(testName));
        }

        var testClass = Path.GetFileNameWithoutExtension(sourceFile.Replace('\\', '/').Split('/')[^1]);
        var stem = testClass + "." + testName;
        if (parameters is not null)
        {
            stem += "_" + parameters;
        }

        if (name is not null)
        {
            if (name.Length == 0 || !name.All(IsFileNameChar))
            {
                throw new ArgumentException($"the snapshot name '{name}' cannot be part of a file name", nameof(name));
            }

            stem += "." + name;
        }

        return stem;
    }

    /// <summary>False for the characters no file name may hold on any system.</summary>
    internal static bool IsFileNameChar(char c) => c is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|') && !char.IsControl(c);

    /// <summary>
    /// The folder of the calling test's source file. Deterministic builds (<c>ContinuousIntegrationBuild</c>, <c>PathMap</c>)
    /// give source paths such as <c>/_/tests/MyTests/DecisionTests.cs</c>; those are found again by looking for the
    /// relative path above each of <paramref name="probeRoots"/> (the test binaries' folder and the current folder).
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder cannot be found.</exception>
    internal static string ResolveSourceDirectory(string sourceFile, IEnumerable<string> probeRoots)
    {
        if (string.IsNullOrEmpty(sourceFile))
        {
            throw new ArgumentException("the test's source file is unknown; call Verify from a test method or pass sourceFile", nameof(sourceFile));
        }

        var directory = Path.GetDirectoryName(sourceFile);
        if (Path.IsPathFullyQualified(sourceFile) && !string.IsNullOrEmpty(directory) && Directory.Exists(directory))
        {
            return directory;
        }

        if (IsMapped(sourceFile, out var relative))
        {
            foreach (var root in probeRoots)
            {
                for (var folder = new DirectoryInfo(root); folder is not null; folder = folder.Parent)
                {
                    var candidate = Path.Combine(folder.FullName, relative);
                    if (File.Exists(candidate))
                    {
                        return Path.GetDirectoryName(candidate)!;
                    }
                }
            }
        }

        throw new InvalidOperationException(
            $"cannot find the folder of the test source file '{sourceFile}' to keep its snapshot in. If the build maps source paths " +
            "(ContinuousIntegrationBuild or PathMap), run the tests from inside the source tree or set <DeterministicSourcePaths>false</DeterministicSourcePaths> in the test project");
    }

    private static bool IsMapped(string sourceFile, out string relative)
    {
        var match = Regex.Match(sourceFile, @"^[/\\]_\d*[/\\](?<rest>.+)$", RegexOptions.CultureInvariant);
        relative = match.Success ? match.Groups["rest"].Value.Replace('\\', '/') : string.Empty;
        return match.Success;
    }

    private static IEnumerable<string> ProbeRoots() => [AppContext.BaseDirectory, Environment.CurrentDirectory];

    private static bool IsSet(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value &&
        (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static string Normalise(string text)
    {
        var normalised = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return normalised.EndsWith('\n') ? normalised : normalised + "\n";
    }

    private static void WriteText(string path, string text) =>
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>Indents compact JSON two spaces per level without re-reading any value, so every token stays byte-identical.</summary>
    internal static string Indent(string json)
    {
        var sb = new StringBuilder(json.Length * 2);
        var depth = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            switch (c)
            {
                case '"':
                    var start = i;
                    for (i++; i < json.Length && json[i] != '"'; i++)
                    {
                        if (json[i] == '\\')
                        {
                            i++;
                        }
                    }

                    sb.Append(json, start, Math.Min(i, json.Length - 1) - start + 1);
                    break;
                case '{' or '[':
                    var close = c == '{' ? '}' : ']';
                    var next = i + 1;
                    while (next < json.Length && json[next] is ' ' or '\t' or '\r' or '\n')
                    {
                        next++;
                    }

                    if (next < json.Length && json[next] == close)
                    {
                        sb.Append(c).Append(close);
                        i = next;
                        break;
                    }

                    depth++;
                    sb.Append(c);
                    NewLine(sb, depth);
                    break;
                case '}' or ']':
                    depth--;
                    NewLine(sb, depth);
                    sb.Append(c);
                    break;
                case ',':
                    sb.Append(',');
                    NewLine(sb, depth);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case ' ' or '\t' or '\r' or '\n':
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, int depth) => sb.Append('\n').Append(' ', 2 * Math.Max(0, depth));
}
