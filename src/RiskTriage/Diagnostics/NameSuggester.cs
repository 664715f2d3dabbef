namespace RiskTriage.Diagnostics;

/// <summary>
/// Finds the declared name nearest to a misspelt one, for "did you mean" hints. The work is bounded twice over, so a
/// hostile rule set or case full of unknown names stays near-linear to check: one search looks at no more than
/// <see cref="MaxCandidates"/> names, and while a load is checked (<see cref="Limit"/>) only the first
/// <see cref="MaxSearchesPerLoad"/> unknown names are searched for at all; later ones get no hint.
/// </summary>
internal static class NameSuggester
{
    /// <summary>The most candidate names one search compares (after the cheap length filter), in the order given.</summary>
    public const int MaxCandidates = 4_096;

    /// <summary>The most searches while one rule set is checked.</summary>
    public const int MaxSearchesPerLoad = 200;

    /// <summary>Names longer than this are never suggested or corrected (no typo makes them).</summary>
    private const int MaxLength = 64;

    // The searches left on this thread, or -1 outside a load (a case's unknown fields are bounded by its error list).
    [ThreadStatic]
    private static int _searchesLeft;

    [ThreadStatic]
    private static bool _limited;

    /// <summary>How many searches ran on this thread since the last <see cref="Limit"/> (for tests).</summary>
    [ThreadStatic]
    internal static int Searches;

    /// <summary>Allows at most <paramref name="searches"/> searches on this thread until the result is disposed.</summary>
    public static LimitScope Limit(int searches = MaxSearchesPerLoad)
    {
        var scope = new LimitScope(_limited, _searchesLeft);
        _limited = true;
        _searchesLeft = searches;
        Searches = 0;
        return scope;
    }

    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        if (name.Length > MaxLength)
        {
            return null;
        }

        if (_limited)
        {
            if (_searchesLeft <= 0)
            {
                return null;
            }

            _searchesLeft--;
        }

        Searches++;

        // Only suggest when the names are close enough that a typo is the likely cause.
        var allowed = Math.Max(1, Math.Min(3, name.Length / 3));
        var lower = name.ToLowerInvariant();
        Span<int> rows = stackalloc int[3 * (MaxLength + 1)];
        string? best = null;
        var bestDistance = int.MaxValue;
        var compared = 0;
        foreach (var candidate in candidates)
        {
            // Names whose lengths differ by more than the allowance cannot be within it.
            if (Math.Abs(candidate.Length - name.Length) > allowed || candidate.Length > MaxLength)
            {
                continue;
            }

            if (++compared > MaxCandidates)
            {
                break;
            }

            var distance = Distance(lower, candidate.ToLowerInvariant(), Math.Min(allowed, bestDistance), rows);
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= allowed ? best : null;
    }

    public static string Hint(string name, IEnumerable<string> candidates)
    {
        var suggestion = Suggest(name, candidates);
        return suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
    }

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), or <c>int.MaxValue</c> once it
    /// is certain to exceed <paramref name="bound"/>. Three rolling rows, no allocation.
    /// </summary>
    private static int Distance(string a, string b, int bound, Span<int> rows)
    {
        var width = b.Length + 1;
        var before = rows[..width];
        var previous = rows.Slice(MaxLength + 1, width);
        var current = rows.Slice(2 * (MaxLength + 1), width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        var previousMin = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, before[j - 2] + 1);
                }

                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }

            // Every alignment passes through this row or (by a transposition) the one before: when both are over the
            // bound, so is the distance.
            if (rowMin > bound && previousMin > bound)
            {
                return int.MaxValue;
            }

            previousMin = rowMin;

            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }

        return previous[width - 1];
    }

    /// <summary>Restores the limit that was in force before <see cref="Limit"/>.</summary>
    public readonly struct LimitScope(bool limited, int searchesLeft) : IDisposable
    {
        public void Dispose()
        {
            _limited = limited;
            _searchesLeft = searchesLeft;
        }
    }
}
