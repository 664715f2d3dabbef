using RiskTriage.Cli.Tests.Infrastructure;

namespace RiskTriage.Cli.Tests.Import;

public sealed class ImportRulesEngineCommandTests : IDisposable
{
    // RulesEngine's README discount workflow.
    private const string Discount = """
        {
          "WorkflowName": "Discount",
          "Rules": [
            { "RuleName": "GiveDiscount10", "SuccessEvent": "10", "ErrorMessage": "One or more adjust rules failed.", "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor <= 2 AND input1.totalPurchasesToDate >= 5000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 2" },
            { "RuleName": "GiveDiscount20", "SuccessEvent": "20", "ErrorMessage": "One or more adjust rules failed.", "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.country == \"india\" AND input1.loyaltyFactor >= 3 AND input1.totalPurchasesToDate >= 10000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 2" },
            { "RuleName": "GiveDiscount25", "SuccessEvent": "25", "ErrorMessage": "One or more adjust rules failed.", "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.country != \"india\" AND input1.loyaltyFactor >= 2 AND input1.totalPurchasesToDate >= 10000 AND input2.totalOrders > 2 AND input3.noOfVisitsPerMonth > 5" },
            { "RuleName": "GiveDiscount30", "SuccessEvent": "30", "ErrorMessage": "One or more adjust rules failed.", "RuleExpressionType": "LambdaExpression",
              "Expression": "input1.loyaltyFactor > 3 AND input1.totalPurchasesToDate >= 50000 AND input1.totalPurchasesToDate <= 100000 AND input2.totalOrders > 5 AND input3.noOfVisitsPerMonth > 15" },
            { "RuleName": "GiveDiscount30NestedOrExample", "SuccessEvent": "30", "ErrorMessage": "One or more adjust rules failed.", "RuleExpressionType": "LambdaExpression",
              "Expression": "(input1.loyaltyFactor > 3 AND input1.totalPurchasesToDate >= 50000) OR (input2.totalOrders > 5 AND input3.noOfVisitsPerMonth > 15)" }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("risktriage-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_README_discount_workflow_converts_to_a_rule_set_that_validates_and_agrees_on_the_sample()
    {
        var workflow = Write("discount.json", Discount);
        var random = new Random(3);
        var cases = Enumerable.Range(0, 100).Select(_ => new Newtonsoft.Json.Linq.JObject
        {
            ["input1"] = new Newtonsoft.Json.Linq.JObject { ["country"] = random.Next(2) == 0 ? "india" : "usa", ["loyaltyFactor"] = random.Next(0, 6), ["totalPurchasesToDate"] = random.Next(0, 12) * 10000 },
            ["input2"] = new Newtonsoft.Json.Linq.JObject { ["totalOrders"] = random.Next(0, 8) },
            ["input3"] = new Newtonsoft.Json.Linq.JObject { ["noOfVisitsPerMonth"] = random.Next(0, 20) },
        }.ToString(Newtonsoft.Json.Formatting.None));
        var sample = Write("sample.json", "[" + string.Join(",\n", cases) + "]");
        var output = Path.Combine(_folder, "out");

        var import = Tool.Run("import", "rulesengine", workflow, "--sample", sample, "-o", output);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("500 rule results on 100 sample case(s) agree with RulesEngine", import.Stdout);
        var validate = Tool.Run("validate", output);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        var eval = Tool.Run("eval", output, Path.Combine(output, "examples", "cases.json"));
        Assert.True(eval.ExitCode == 0, eval.ToString());
    }

    [Fact]
    public void What_cannot_be_converted_is_listed_with_its_position_and_nothing_is_written()
    {
        var workflow = Write("bad.json", """
            { "WorkflowName": "Bad", "Rules": [
              { "RuleName": "clock", "Expression": "input1.when < DateTime.Now" },
              { "RuleName": "mail", "Expression": "true", "Actions": { "OnSuccess": { "Name": "SendMail", "Context": {} } } } ] }
            """);
        var sample = Write("sample.json", """[{"input1":{"when":1}}]""");
        var output = Path.Combine(_folder, "out");

        var result = Tool.Run("import", "rulesengine", workflow, "--sample", sample, "-o", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{workflow}(2,55): error: rule 'clock' Expression: 'DateTime' is not supported", result.Stderr);
        Assert.Contains("rule 'mail' Actions.onSuccess.Name: the custom action 'SendMail'", result.Stderr);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>
    /// RulesEngine's text methods follow the culture (ICU): "Jackso\u00ADn" (a soft hyphen, ignored by ICU) ends with "son" there,
    /// not in the converted rule set, which compares ordinally. The tool as a process must see that difference and refuse;
    /// a CLI run in invariant globalization mode (no ICU, every comparison ordinal) would call the two equal and write the rule set.
    /// </summary>
    [Fact]
    public async Task The_tool_as_a_process_checks_the_conversion_against_RulesEngine_with_its_culture_aware_text_methods()
    {
        var workflow = Write("ends.json", """
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "ends", "SuccessEvent": "1", "RuleExpressionType": "LambdaExpression", "Expression": "input1.name.EndsWith(\"son\")" } ] }
            """);
        var sample = Write("sample.json", """[{"input1":{"name":"Jackson"}},{"input1":{"name":"Jackso\u00ADn"}},{"input1":{"name":"Smith"}}]""");
        var output = Path.Combine(_folder, "out");

        using var process = CliProcess.Start("import", "rulesengine", workflow, "--sample", sample, "-o", output);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var said = await stdout + await stderr;

        Assert.True(process.ExitCode == 1, said);
        Assert.Contains("case 2: rule 'ends': RulesEngine True, RiskTriage false", said);
        Assert.False(Directory.Exists(output));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
