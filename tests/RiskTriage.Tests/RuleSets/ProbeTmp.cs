using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace RiskTriage.Tests.RuleSets;

public sealed class ProbeTmp(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        foreach (var text in new[] { "{\"a\": 1 \"b\": 2}", "{\"a\": 1,, }", "{\"a\": tru}", "{\"a\": \"x", "{\"a\": 1}}", "{\"a\": [1 2]}", "{\"a\" 1}", "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}", "{\"a\": 1,\n  \"a\": 2}", "{\"a\": @}", "{a: 1}", "{\"a\": 1,}" })
        {
            try
            {
                using var reader = new JsonTextReader(new StringReader(text));
                JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
                while (reader.Read()) { }
                output.WriteLine($"OK {text}");
            }
            catch (JsonReaderException e)
            {
                output.WriteLine($"{text.Replace("\n", "\\n")}  => line {e.LineNumber} pos {e.LinePosition}: {e.Message}");
            }
        }
    }
}
