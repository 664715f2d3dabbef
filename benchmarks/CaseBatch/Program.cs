using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RiskTriage.Benchmarks.Baseline;

// Usage: CaseBatch <count> <file> [seed]
// Writes <count> generated probation cases to <file>, one JSON object per line (NDJSON), as a case system would
// export them: every field the cases carry, nulls left out. The same count and seed always give the same bytes.
if (args.Length is < 2 or > 3 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
{
    Console.Error.WriteLine("usage: CaseBatch <count> <file> [seed]");
    return 2;
}

var seed = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var serializer = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
using var output = new StreamWriter(args[1], append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
long bytes = 0;

// In blocks, so that a large batch never holds more than one block of cases.
const int Block = 10_000;
for (var done = 0; done < count; done += Block)
{
    foreach (var @case in ProbationCaseGenerator.Generate(Math.Min(Block, count - done), seed + done))
    {
        var line = JObject.FromObject(@case, serializer).ToString(Formatting.None);
        output.Write(line);
        output.Write('\n');
        bytes += Encoding.UTF8.GetByteCount(line) + 1;
    }
}

Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} cases, {bytes:N0} bytes ({bytes / count:N0} bytes per case) written to {args[1]}"));
return 0;
