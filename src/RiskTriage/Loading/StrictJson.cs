using System.Globalization;

namespace RiskTriage.Loading;

/// <summary>
/// Checks that a text is strict JSON (RFC 8259), optionally with <c>//</c> and <c>/* */</c> comments, and describes
/// each mistake the way its author would fix it: what is missing or not allowed, where, and what to write instead.
/// Newtonsoft, which builds the tree afterwards, is lenient (<c>075</c> is octal 61, <c>0x4B</c> is 75, single quotes,
/// unquoted keys, trailing commas, <c>new Date(1)</c>, <c>undefined</c>) and stops at the first error with a message
/// about its own state; this check runs first and goes on after a mistake (assuming the likely fix) so that one
/// pass lists them all. It reads the text once, keeps its own stack (no recursion) and stops after
/// <see cref="MaxProblems"/> problems or at <c>maxDepth</c> levels of nesting.
/// </summary>
internal sealed partial class StrictJson
{
    /// <summary>The most problems listed for one text; later ones are usually consequences of earlier ones.</summary>
    public const int MaxProblems = 20;

    private readonly string _text;
    private readonly bool _allowComments;
    private readonly int _maxDepth;
    private readonly List<int> _lineStarts = [0];
    private readonly List<Problem> _problems = [];
    private readonly HashSet<string> _characterProblems = new(StringComparer.Ordinal);
    private int _position;

    private StrictJson(string text, bool allowComments, int maxDepth)
    {
        _text = text;
        _allowComments = allowComments;
        _maxDepth = maxDepth;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>A mistake at a 1-based line and column (the column counts characters; a tab is one).</summary>
    /// <remarks>A class, not a value type: the list of them then runs ReadyToRun's precompiled shared code instead of code JIT-compiled at every load.</remarks>
    public sealed record Problem(int Line, int Column, string Message);

    private enum Kind
    {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Colon,
        Comma,
        String,
        Number,
        Literal,
        End,
    }

    private readonly record struct Token(Kind Kind, int Start, int End, string? Text = null);

    private sealed class Frame(bool isObject, int open)
    {
        public bool IsObject { get; } = isObject;

        public int Open { get; } = open;

        /// <summary>Where the frame's last value (or key) ended, for "expected ',' after the value".</summary>
        public int LastEnd { get; set; } = -1;

        /// <summary>An object's state: expecting a key, a colon, a value, or a comma or the end.</summary>
        public char Expect { get; set; } = 'k';
    }

    /// <summary>The problems of <paramref name="text"/>, in order (empty when it is strict JSON).</summary>
    public static IReadOnlyList<Problem> Check(string text, bool allowComments, int maxDepth)
    {
        var checker = new StrictJson(text, allowComments, maxDepth);
        checker.Run();
        return checker._problems;
    }

    private bool Full => _problems.Count >= MaxProblems;

    private void Report(int index, string message)
    {
        if (Full || (message.Contains("U+", StringComparison.Ordinal) && !_characterProblems.Add(message)))
        {
            // The same stray character is reported once, at its first place.
            return;
        }

        var line = _lineStarts.BinarySearch(index);
        line = line >= 0 ? line : ~line - 1;
        _problems.Add(new Problem(line + 1, index - _lineStarts[line] + 1, message));
    }

    private string LineOf(int index)
    {
        var line = _lineStarts.BinarySearch(index);
        return (line >= 0 ? line + 1 : ~line).ToString(CultureInfo.InvariantCulture);
    }

    private void Run()
    {
        var nul = _text.IndexOf('\0');
        if (nul >= 0 && _text.Count(c => c == '\0') * 4 > _text.Length)
        {
            Report(nul, "the file has NUL characters between its letters, as UTF-16 text has; save it as UTF-8");
            return;
        }

        var stack = new Stack<Frame>();
        var token = Next();
        if (token.Kind == Kind.End)
        {
            Report(0, "the file is empty; a rule file holds one JSON object { ... }");
            return;
        }

        var rootDone = false;
        var rootEnd = 0;
        while (!Full)
        {
            if (rootDone && stack.Count == 0)
            {
                if (token.Kind != Kind.End)
                {
                    Report(token.Start, "there is more text after the end of the JSON document; a rule file holds one object");
                }

                return;
            }

            if (token.Kind == Kind.End)
            {
                if (stack.Count == 0)
                {
                    Report(rootEnd, "the file ends before any value");
                }

                foreach (var frame in stack)
                {
                    Report(frame.Open, frame.IsObject
                        ? $"this object is not closed: a '}}' is missing before the end of the file"
                        : $"this list is not closed: a ']' is missing before the end of the file");
                }

                return;
            }

            var top = stack.Count > 0 ? stack.Peek() : null;
            if (top is { IsObject: true })
            {
                switch (top.Expect)
                {
                    case 'k':
                        if (token.Kind == Kind.EndObject)
                        {
                            stack.Pop();
                            Closed(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        if (token.Kind == Kind.String)
                        {
                            top.LastEnd = token.End;
                            top.Expect = ':';
                            break;
                        }

                        if (token.Kind == Kind.Comma)
                        {
                            Report(token.Start, "there is a comma where a key was expected: remove one comma");
                            break;
                        }

                        Report(token.Start, "expected a key in double quotes, e.g. \"name\": ...");
                        if (IsValueStart(token.Kind))
                        {
                            // Take it as a key anyway, so the rest of the object is read in step.
                            top.Expect = ':';
                            top.LastEnd = SkipValue(stack, token);
                        }

                        break;

                    case ':':
                        if (token.Kind == Kind.Colon)
                        {
                            top.Expect = 'v';
                            break;
                        }

                        Report(top.LastEnd, $"expected ':' after the key on line {LineOf(top.LastEnd)}");
                        top.Expect = 'v';
                        continue;

                    case 'v':
                        if (!IsValueStart(token.Kind))
                        {
                            Report(token.Start, "a value is missing after ':'");
                            if (token.Kind is Kind.EndObject or Kind.Comma)
                            {
                                top.Expect = ',';
                                continue;
                            }

                            break;
                        }

                        top.Expect = ',';
                        Value(stack, token, ref rootDone, ref rootEnd);
                        break;

                    default:
                        if (token.Kind == Kind.Comma)
                        {
                            var after = Next();
                            if (after.Kind == Kind.EndObject)
                            {
                                Report(token.Start, "a comma before '}' is not allowed in JSON: remove it");
                            }

                            top.Expect = 'k';
                            token = after;
                            continue;
                        }

                        if (token.Kind == Kind.EndObject)
                        {
                            stack.Pop();
                            Closed(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        if (token.Kind == Kind.EndArray)
                        {
                            Report(token.Start, $"expected '}}' to close the object opened on line {LineOf(top.Open)}, not ']'");
                            CloseMismatched(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        Report(top.LastEnd, $"expected ',' or '}}' after the value on line {LineOf(top.LastEnd)}");
                        top.Expect = 'k';
                        continue;
                }
            }
            else if (top is not null)
            {
                switch (top.Expect)
                {
                    case 'k':
                    case 'v':
                        if (token.Kind == Kind.EndArray && top.Expect == 'k')
                        {
                            stack.Pop();
                            Closed(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        if (token.Kind == Kind.Colon)
                        {
                            Report(token.Start, "a ':' is only allowed after a key in an object");
                            break;
                        }

                        if (token.Kind is Kind.Comma or Kind.EndArray or Kind.EndObject)
                        {
                            Report(token.Start, token.Kind == Kind.Comma ? "a value is missing before this comma" : "a value is missing after the comma");
                            top.Expect = ',';
                            if (token.Kind == Kind.Comma)
                            {
                                continue;
                            }

                            stack.Pop();
                            Closed(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        top.Expect = ',';
                        Value(stack, token, ref rootDone, ref rootEnd);
                        break;

                    default:
                        if (token.Kind == Kind.Comma)
                        {
                            var after = Next();
                            if (after.Kind == Kind.EndArray)
                            {
                                Report(token.Start, "a comma before ']' is not allowed in JSON: remove it");
                                top.Expect = 'k';
                            }
                            else
                            {
                                top.Expect = 'v';
                            }

                            token = after;
                            continue;
                        }

                        if (token.Kind == Kind.EndArray)
                        {
                            stack.Pop();
                            Closed(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        if (token.Kind == Kind.EndObject)
                        {
                            Report(token.Start, $"expected ']' to close the list opened on line {LineOf(top.Open)}, not '}}'");
                            CloseMismatched(stack, token, ref rootDone, ref rootEnd);
                            break;
                        }

                        Report(top.LastEnd, $"expected ',' or ']' after the value on line {LineOf(top.LastEnd)}");
                        top.Expect = 'v';
                        continue;
                }
            }
            else
            {
                if (!IsValueStart(token.Kind))
                {
                    Report(token.Start, "expected a JSON object { ... }");
                    token = Next();
                    continue;
                }

                Value(stack, token, ref rootDone, ref rootEnd);
            }

            if (stack.Count > _maxDepth)
            {
                // Newtonsoft reports the depth; nothing useful can be said past it.
                return;
            }

            if (rootDone && stack.Count == 0)
            {
                SkipSpaceAndComments();
                if (_position < _text.Length)
                {
                    Report(_position, "there is more text after the end of the JSON document; a rule file holds one object");
                }

                return;
            }

            token = Next();
        }
    }

    private static bool IsValueStart(Kind kind) => kind is Kind.BeginObject or Kind.BeginArray or Kind.String or Kind.Number or Kind.Literal;

    /// <summary>A value begins: a container is pushed; a scalar completes its parent's value.</summary>
    private void Value(Stack<Frame> stack, Token token, ref bool rootDone, ref int rootEnd)
    {
        switch (token.Kind)
        {
            case Kind.BeginObject:
                stack.Push(new Frame(isObject: true, token.Start));
                break;
            case Kind.BeginArray:
                stack.Push(new Frame(isObject: false, token.Start) { Expect = 'k' });
                break;
            default:
                Closed(stack, token, ref rootDone, ref rootEnd);
                break;
        }
    }

    /// <summary>A value (scalar or closed container) ended at <paramref name="token"/>.</summary>
    private static void Closed(Stack<Frame> stack, Token token, ref bool rootDone, ref int rootEnd)
    {
        if (stack.Count > 0)
        {
            stack.Peek().LastEnd = token.End;
        }
        else
        {
            rootDone = true;
            rootEnd = token.End;
        }
    }

    /// <summary>
    /// A '}' closing a list (or ']' an object): the likely fix is the missing bracket before it, so the list is
    /// closed and the bracket then closes the container it belongs to.
    /// </summary>
    private static void CloseMismatched(Stack<Frame> stack, Token token, ref bool rootDone, ref int rootEnd)
    {
        stack.Pop();
        Closed(stack, token, ref rootDone, ref rootEnd);
        if (stack.TryPeek(out var parent) && parent.IsObject == (token.Kind == Kind.EndObject))
        {
            stack.Pop();
            Closed(stack, token, ref rootDone, ref rootEnd);
        }
    }

    /// <summary>A misplaced value taken as a key: a container is skipped to its end; returns where it ended.</summary>
    private int SkipValue(Stack<Frame> stack, Token token)
    {
        if (token.Kind is not (Kind.BeginObject or Kind.BeginArray))
        {
            return token.End;
        }

        var depth = 1;
        var end = token.End;
        while (depth > 0)
        {
            var next = Next();
            if (next.Kind == Kind.End)
            {
                stack.Clear();
                return next.End;
            }

            depth += next.Kind is Kind.BeginObject or Kind.BeginArray ? 1 : next.Kind is Kind.EndObject or Kind.EndArray ? -1 : 0;
            end = next.End;
        }

        return end;
    }
}
