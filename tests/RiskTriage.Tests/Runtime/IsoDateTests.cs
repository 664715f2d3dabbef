using System.Globalization;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Runtime;

/// <summary>The direct YYYY-MM-DD reading agrees with DateOnly.TryParseExact on every input it is given.</summary>
public sealed class IsoDateTests
{
    private static void AgreesWithTryParseExact(string? text)
    {
        var expected = DateOnly.TryParseExact(text, IsoDate.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expectedDate);
        var actual = IsoDate.TryParse(text, out var actualDate);

        Assert.True(expected == actual, $"\"{text}\": TryParseExact {expected}, IsoDate {actual}");
        Assert.Equal(expectedDate, actualDate);
    }

    [Theory]
    [InlineData("2026-06-09")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("0000-01-01")]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2000-02-29")]
    [InlineData("2026-04-31")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-01-00")]
    [InlineData("2026-1-01")]
    [InlineData("2026-01-1")]
    [InlineData("2026/01/01")]
    [InlineData("20260101")]
    [InlineData(" 2026-01-01")]
    [InlineData("2026-01-01 ")]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("+026-01-01")]
    [InlineData("-026-01-01")]
    [InlineData("2026-+1-01")]
    [InlineData("٢٠٢٦-٠١-٠١")]
    [InlineData("２０２６-０１-０１")]
    [InlineData("2026-0\u0131-01")]
    [InlineData("2026\u012D01\u012D01")]
    [InlineData("20\u0132\u0136-01-01")]
    [InlineData("")]
    [InlineData(null)]
    public void Agrees_on_edge_cases(string? text) => AgreesWithTryParseExact(text);

    [Fact]
    public void Agrees_on_every_day_of_four_centuries_and_on_each_day_changed_one_character_at_a_time()
    {
        var changes = "0123456789-/ +x".ToCharArray();
        for (var day = new DateOnly(1899, 12, 25); day <= new DateOnly(2300, 1, 5); day = day.AddDays(1))
        {
            var text = day.ToString(IsoDate.Format, CultureInfo.InvariantCulture);
            Assert.True(IsoDate.TryParse(text, out var read) && read == day, text);
            if (day.Day % 7 != 0)
            {
                continue;
            }

            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                var original = chars[i];
                foreach (var change in changes)
                {
                    chars[i] = change;
                    AgreesWithTryParseExact(new string(chars));
                }

                chars[i] = original;
            }
        }
    }

    [Fact]
    public void Agrees_on_random_ten_character_texts()
    {
        var random = new Random(20261122);
        const string Alphabet = "0123456789-";
        for (var n = 0; n < 200_000; n++)
        {
            var chars = new char[10];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            // Most random texts fail at the dashes; put them in place half of the time.
            if (n % 2 == 0)
            {
                chars[4] = '-';
                chars[7] = '-';
            }

            AgreesWithTryParseExact(new string(chars));
        }
    }
}
