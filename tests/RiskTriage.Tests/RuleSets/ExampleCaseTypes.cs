using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace RiskTriage.Tests.RuleSets;

// Also compiled into the benchmarks (linked from RiskTriage.Benchmarks.csproj), which evaluate the same example.

/// <summary>A typed case for the example rule set (TestRuleSets/example): one property per declared input, text enumerations as strings.</summary>
public sealed class ExampleCase
{
    public string? CaseId { get; init; }

    public DateOnly? AsOfDate { get; init; }

    public int? Age { get; init; }

    public double? PriorOffences { get; init; }

    public string? Risk { get; init; }

    public List<string>? Flags { get; init; }

    public bool? Employed { get; init; }

    public ExampleAddress? Address { get; init; }

    public IReadOnlyList<ExampleOrder>? Orders { get; init; }

    private static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    /// <summary>The same case as JSON, as an upstream system would send it (absent where the property is null).</summary>
    public string ToJson() => JsonConvert.SerializeObject(this, Settings);

    public static ExampleCase FromJson(string json) => JsonConvert.DeserializeObject<ExampleCase>(json, Settings)!;
}

public sealed class ExampleAddress
{
    public string? Postcode { get; init; }

    public bool? Stable { get; init; }
}

public sealed class ExampleOrder
{
    public string? Kind { get; init; }

    public bool? Ended { get; init; }

    public DateOnly? Start { get; init; }
}
