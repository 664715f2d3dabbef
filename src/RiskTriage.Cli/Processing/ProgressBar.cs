using System.Diagnostics;
using System.Globalization;

namespace RiskTriage.Cli.Processing;

/// <summary>
/// A one-line progress bar redrawn in place on a terminal's standard error (never written to a redirected
/// stream). Progress is measured in bytes of input read against the file's length.
/// </summary>
internal sealed class ProgressBar(TextWriter error, long totalBytes, Func<long> bytesRead)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1;
    private int _lastLength;

    /// <summary>Only inputs at least this large get a progress bar.</summary>
    public const long MinimumBytes = 8L * 1024 * 1024;

    /// <summary>Redraws the bar if enough time has passed since the last drawing.</summary>
    public void Update(long cases)
    {
        var now = _clock.ElapsedMilliseconds;
        if (_lastDraw >= 0 && now - _lastDraw < 200)
        {
            return;
        }

        _lastDraw = now;
        var fraction = totalBytes <= 0 ? 0 : Math.Clamp((double)bytesRead() / totalBytes, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        var rate = now > 0 ? cases * 1000.0 / now : 0;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,5:0.0}%  {cases:N0} cases  {rate:N0}/s");
        var pad = Math.Max(0, _lastLength - line.Length);
        TerminalSafeWriter.WriteControl(error, line + new string(' ', pad));
        error.Flush();
        _lastLength = line.Length;
    }

    /// <summary>Erases the bar so the summary starts on a clean line.</summary>
    public void Clear()
    {
        if (_lastLength > 0)
        {
            TerminalSafeWriter.WriteControl(error, "\r" + new string(' ', _lastLength) + "\r");
            error.Flush();
        }
    }
}
