using System.Globalization;

namespace RiskTriage.Runtime;

/// <summary>Dates as rule files and cases write them: <c>YYYY-MM-DD</c>, and nothing else.</summary>
internal static class IsoDate
{
    public const string Format = "yyyy-MM-dd";

    /// <summary>
    /// Reads <paramref name="text"/> as a <c>YYYY-MM-DD</c> date. Ten digits and dashes in place are read directly;
    /// anything else goes to <see cref="DateOnly.TryParseExact(string?, string?, IFormatProvider?, DateTimeStyles, out DateOnly)"/>,
    /// which decides it exactly as before (the direct reading accepts only what that accepts, with the same date).
    /// </summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        TryReadChars(text.AsSpan(), out date) || DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// Reads ten digits and dashes in place (<c>YYYY-MM-DD</c>, a day the month has) as UTF-16; false for anything
    /// else, which only <see cref="TryParse"/> decides (the direct reading accepts only what it accepts). The
    /// characters are narrowed to ASCII bytes and read as UTF-8 is (anything past ASCII is not a digit or dash).
    /// </summary>
    private static bool TryReadChars(ReadOnlySpan<char> text, out DateOnly date)
    {
        // Not generic over the character type: ReadyToRun does not precompile a generic method over char and byte that
        // calls their static interface members, so every fresh process JIT-compiled both.
        Span<byte> ascii = stackalloc byte[10];
        if (text.Length == ascii.Length)
        {
            for (var i = 0; i < ascii.Length; i++)
            {
                if (text[i] > 127)
                {
                    date = default;
                    return false;
                }

                ascii[i] = (byte)text[i];
            }

            return TryReadDirect(ascii, out date);
        }

        date = default;
        return false;
    }

    /// <summary>
    /// Reads ten digits and dashes in place (<c>YYYY-MM-DD</c>, a day the month has) as UTF-8; false for anything
    /// else, which only <see cref="TryParse"/> decides (the direct reading accepts only what it accepts).
    /// </summary>
    public static bool TryReadDirect(ReadOnlySpan<byte> text, out DateOnly date)
    {
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && Digits(text, 0, 4) is var year and >= 1
            && Digits(text, 5, 2) is var month and >= 1 and <= 12
            && Digits(text, 8, 2) is var day and >= 1
            && day <= DateTime.DaysInMonth(year, month))
        {
            date = new DateOnly(year, month, day);
            return true;
        }

        date = default;
        return false;
    }

    /// <summary>The number written by <paramref name="count"/> ASCII digits at <paramref name="start"/>, or -1.</summary>
    private static int Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }
}
