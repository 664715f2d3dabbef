namespace RiskTriage.RulesEngine.Inputs;

// The case type for a workflow's parameters, sorted by name as RulesEngine sorts them: property InputK binds the
// RiskTriage input 'inputK' through RuleSet.For<TCase>(), compiled once to direct property reads.

/// <summary>The rule parameters of one evaluation, 1 of them.</summary>
internal sealed class RuleInputs1<T1>
{
    public T1? Input1 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 2 of them.</summary>
internal sealed class RuleInputs2<T1, T2>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 3 of them.</summary>
internal sealed class RuleInputs3<T1, T2, T3>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 4 of them.</summary>
internal sealed class RuleInputs4<T1, T2, T3, T4>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }

    public T4? Input4 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 5 of them.</summary>
internal sealed class RuleInputs5<T1, T2, T3, T4, T5>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }

    public T4? Input4 { get; init; }

    public T5? Input5 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 6 of them.</summary>
internal sealed class RuleInputs6<T1, T2, T3, T4, T5, T6>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }

    public T4? Input4 { get; init; }

    public T5? Input5 { get; init; }

    public T6? Input6 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 7 of them.</summary>
internal sealed class RuleInputs7<T1, T2, T3, T4, T5, T6, T7>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }

    public T4? Input4 { get; init; }

    public T5? Input5 { get; init; }

    public T6? Input6 { get; init; }

    public T7? Input7 { get; init; }
}

/// <summary>The rule parameters of one evaluation, 8 of them.</summary>
internal sealed class RuleInputs8<T1, T2, T3, T4, T5, T6, T7, T8>
{
    public T1? Input1 { get; init; }

    public T2? Input2 { get; init; }

    public T3? Input3 { get; init; }

    public T4? Input4 { get; init; }

    public T5? Input5 { get; init; }

    public T6? Input6 { get; init; }

    public T7? Input7 { get; init; }

    public T8? Input8 { get; init; }
}
