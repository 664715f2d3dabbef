using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace RiskTriage.Tests.Differential;

/// <summary>
/// The typed case every generated rule set can read: one property per input of <see cref="RuleSetGenerator"/>'s pool,
/// so that a rule set declaring any subset of the pool evaluates the same case typed and as JSON.
/// </summary>
public sealed class DiffCase
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    public string? CaseId { get; init; }

    public double? N1 { get; init; }

    public double? N2 { get; init; }

    public bool? B1 { get; init; }

    public string? S1 { get; init; }

    public string? T1 { get; init; }

    public DateOnly? D1 { get; init; }

    public DiffObject? O1 { get; init; }

    public List<double?>? Ns { get; init; }

    public List<string?>? Ks { get; init; }

    public List<DiffItem?>? Os { get; init; }

    /// <summary>The same case as JSON: absent where the property is null (a missing item stays <c>null</c> inside a list).</summary>
    public string ToJson() => JsonConvert.SerializeObject(this, Settings);

    public override string ToString() => ToJson();
}

public sealed class DiffObject
{
    public double? X { get; init; }

    public string? K { get; init; }

    public DateOnly? D { get; init; }

    public bool? F { get; init; }
}

public sealed class DiffItem
{
    public double? V { get; init; }

    public string? K { get; init; }

    public bool? Ok { get; init; }

    public DateOnly? On { get; init; }
}
