using System.Diagnostics;
using System.Text;
using RiskTriage.Diagnostics;

namespace RiskTriage.Tests.Reliability;

/// <summary>
/// Hostile rule files and folders on disk: encodings, empty and special files, a folder of 10,000 files, links.
/// <see cref="RuleSet.TryLoad"/> reports each as a diagnostic and never throws or hangs (see <see cref="Guarded.LoadPath"/>).
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private const string Valid = """{ "ruleSet": { "name": "t", "version": "1" }, "inputs": { "a": "number" }, "outputs": { "a": "number" } }""";

    private readonly string _root = Directory.CreateTempSubdirectory("risktriage-hostile-").FullName;

    public void Dispose()
    {
        try
        {
            // Links are removed, not followed.
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test for.
        }
    }

    private string Folder(string name, params (string File, byte[] Bytes)[] files)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, bytes) in files)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        return folder;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static readonly byte[] ValidBytes = Utf8(Valid);

    public static TheoryData<string, byte[], string?> Encodings => new()
    {
        { "UTF-8 with a byte-order mark", [0xEF, 0xBB, 0xBF, .. ValidBytes], null },
        { "two byte-order marks", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. ValidBytes], null },
        { "UTF-16 LE with a byte-order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Valid)], DiagnosticCodes.InvalidUtf8 },
        { "UTF-16 BE with a byte-order mark", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Valid)], DiagnosticCodes.InvalidUtf8 },
        { "UTF-32 with a byte-order mark", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(Valid)], DiagnosticCodes.InvalidUtf8 },
        { "UTF-16 LE without a byte-order mark", Encoding.Unicode.GetBytes(Valid), DiagnosticCodes.JsonSyntax },
        { "invalid bytes", [.. ValidBytes[..20], 0xFF, 0xFE, .. ValidBytes[20..]], DiagnosticCodes.InvalidUtf8 },
        { "Latin-1 é", [.. Utf8("{ \"ruleSet\": { \"name\": \"caf"), 0xE9, .. Utf8("\", \"version\": \"1\" } }")], DiagnosticCodes.InvalidUtf8 },
        { "overlong encoding of /", [.. Utf8("{ \"ruleSet\": { \"name\": \"t"), 0xC0, 0xAF, .. Utf8("\", \"version\": \"1\" } }")], DiagnosticCodes.InvalidUtf8 },
        { "UTF-8 encoded surrogate", [.. Utf8("{ \"ruleSet\": { \"name\": \"t"), 0xED, 0xA0, 0x80, .. Utf8("\", \"version\": \"1\" } }")], DiagnosticCodes.InvalidUtf8 },
        { "sequence cut off at the end", [.. ValidBytes, 0xE2, 0x82], DiagnosticCodes.InvalidUtf8 },
        { "empty file", [], DiagnosticCodes.JsonSyntax },
        { "white space only", Utf8(" \n\t\r\n "), DiagnosticCodes.JsonSyntax },
        { "byte-order mark only", [0xEF, 0xBB, 0xBF], DiagnosticCodes.JsonSyntax },
        { "NUL bytes", new byte[100], DiagnosticCodes.JsonSyntax },
        { "JSON null", Utf8("null"), DiagnosticCodes.WrongJsonKind },
        { "a JSON string", Utf8("\"ruleSet\""), DiagnosticCodes.WrongJsonKind },
        { "comment never closed", [.. ValidBytes, .. Utf8(" /* ")], DiagnosticCodes.JsonSyntax },
        { "two objects", [.. ValidBytes, .. ValidBytes], DiagnosticCodes.JsonSyntax },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Rule_file_bytes_are_read_strictly(string name, byte[] bytes, string? code)
    {
        var folder = Folder(name.Replace(' ', '-').Replace('/', '-'), ("rules.json", bytes));

        var outcome = Guarded.LoadPath(folder);
        var single = Guarded.LoadPath(Path.Combine(folder, "rules.json"));

        foreach (var result in new[] { outcome, single })
        {
            if (code is null)
            {
                Assert.True(result.RuleSet is not null, $"{name}:\n{result.Describe()}");
            }
            else
            {
                Assert.True(result.ErrorCodes.Contains(code), $"{name}: expected {code}, got:\n{result.Describe()}");
            }
        }
    }

    [Fact]
    public void Invalid_UTF8_is_reported_on_its_line()
    {
        var folder = Folder("bad-line", ("rules.json", [.. Utf8("{\n  \"ruleSet\": { \"name\": \"t\", \"version\": \"1\" },\n  \"description\": \""), 0xFF, .. Utf8("\"\n}")]));

        var diagnostic = Assert.Single(Guarded.LoadPath(folder).Diagnostics);

        Assert.Equal((DiagnosticCodes.InvalidUtf8, "rules.json", 3), (diagnostic.Code, diagnostic.Location.File, diagnostic.Location.Line));
    }

    [Fact]
    public void A_folder_of_10000_files_is_refused_before_any_is_read()
    {
        var folder = Folder("ten-thousand");
        for (var i = 0; i < 10_000; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"module{i:D5}.json"), "{}");
        }

        var stopwatch = Stopwatch.StartNew();
        var outcome = Guarded.LoadPath(folder);

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Contains("more than 500 rule files; the limit is 500", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"{stopwatch.Elapsed}");
    }

    [Fact]
    public void Files_under_tests_examples_and_schema_are_not_read_or_counted()
    {
        var folder = Folder("ignored", ("ruleset.json", ValidBytes), ("tests/broken.json", [0xFF]), ("examples/broken.json", Utf8("[")), ("schema/x.json", []));
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(folder, "tests", $"t{i}.json"), "{}");
        }

        var outcome = Guarded.LoadPath(folder, new RuleSetOptions { Limits = new RuleSetLimits { MaxFiles = 1 } });

        Assert.True(outcome.RuleSet is not null, outcome.Describe());
    }

    [Fact]
    public void Missing_or_odd_paths_are_a_diagnostic()
    {
        Assert.Equal([DiagnosticCodes.RuleSetNotFound], Guarded.LoadPath(Path.Combine(_root, "nowhere")).ErrorCodes);
        Assert.Equal([DiagnosticCodes.RuleSetNotFound], Guarded.LoadPath(string.Empty).ErrorCodes);
        Assert.Equal([DiagnosticCodes.RuleSetNotFound], Guarded.LoadPath("a\0b").ErrorCodes);
        Assert.Equal([DiagnosticCodes.RuleSetNotFound], Guarded.LoadPath(Folder("no-json", ("rules.txt", ValidBytes))).ErrorCodes);
    }

    [Fact]
    public void A_folder_named_like_a_rule_file_is_not_read()
    {
        var folder = Folder("dir-json", ("rules.json", ValidBytes));
        Directory.CreateDirectory(Path.Combine(folder, "sub.json"));

        Assert.True(Guarded.LoadPath(folder).RuleSet is not null);
    }

    [Fact]
    public void A_dangling_link_is_a_diagnostic()
    {
        var folder = Folder("dangling", ("rules.json", ValidBytes));
        if (!TryLink(() => File.CreateSymbolicLink(Path.Combine(folder, "x.json"), Path.Combine(folder, "missing.json"))))
        {
            return;
        }

        Assert.Equal([DiagnosticCodes.RuleSetNotFound], Guarded.LoadPath(folder).ErrorCodes);
    }

    [Fact]
    public void A_link_looping_back_to_its_folder_ends_in_diagnostics()
    {
        var folder = Folder("loop", ("rules.json", ValidBytes));
        if (!TryLink(() => Directory.CreateSymbolicLink(Path.Combine(folder, "self"), folder)))
        {
            return;
        }

        var outcome = Guarded.LoadPath(folder, new RuleSetOptions { Limits = new RuleSetLimits { MaxFiles = 10_000 } });

        // The folder is searched once; the link back to it is the one error.
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal((DiagnosticCodes.FolderReachedTwice, "self"), (diagnostic.Code, diagnostic.Location.File));
    }

    /// <summary>A named pipe called x.json used to block the load forever, waiting for a writer.</summary>
    [Fact]
    public void A_named_pipe_in_the_folder_does_not_block_the_load()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Folder("fifo", ("rules.json", ValidBytes));
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", Path.Combine(folder, "z.json")) { UseShellExecute = false }))
        {
            mkfifo!.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var outcome = Guarded.LoadPath(folder);

        Assert.Equal([DiagnosticCodes.JsonSyntax], outcome.ErrorCodes);
        Assert.Equal("z.json", Assert.Single(outcome.Diagnostics).Location.File);
    }

    /// <summary>A device that never ends used to be read whole: an OutOfMemoryException escaped TryLoad.</summary>
    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    [InlineData("/dev/null")]
    public void A_device_given_as_the_rule_file_is_a_diagnostic(string device)
    {
        if (!File.Exists(device))
        {
            return;
        }

        Assert.Equal([DiagnosticCodes.JsonSyntax], Guarded.LoadPath(device).ErrorCodes);
    }

    private static bool TryLink(Action create)
    {
        try
        {
            create();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Creating links needs a privilege on Windows; the test has nothing to check without one.
            return false;
        }
    }
}
