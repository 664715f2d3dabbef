namespace RiskTriage.RulesEngine.Inputs;

// The case type for a workflow's parameters, sorted by name as RulesEngine sorts them: property InputK binds the
// RiskTriage input 'inputK' through RuleSet.For<TCase>(), compiled once to direct property reads. One instance per
// thread and compiled workflow is filled for each evaluation and emptied after it (CompiledWorkflow's scratch).

/// <summary>The rule parameters of one evaluation, set from the parameters' values and emptied after the evaluation.</summary>
internal interface IRuleInputs
{
    /// <summary>Sets InputK to <c>values[K - 1]</c>, each of the type the case was made for.</summary>
    void Set(object?[] values);

    /// <summary>Drops every input, so that the reused case holds none of the caller's objects between calls.</summary>
    void Clear();
}

/// <summary>The rule parameters of one evaluation, 1 of them.</summary>
internal sealed class RuleInputs1<T1> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
    }

    public void Clear()
    {
        Input1 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 2 of them.</summary>
internal sealed class RuleInputs2<T1, T2> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 3 of them.</summary>
internal sealed class RuleInputs3<T1, T2, T3> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 4 of them.</summary>
internal sealed class RuleInputs4<T1, T2, T3, T4> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public T4? Input4 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
        Input4 = (T4?)values[3];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
        Input4 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 5 of them.</summary>
internal sealed class RuleInputs5<T1, T2, T3, T4, T5> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public T4? Input4 { get; set; }

    public T5? Input5 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
        Input4 = (T4?)values[3];
        Input5 = (T5?)values[4];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
        Input4 = default;
        Input5 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 6 of them.</summary>
internal sealed class RuleInputs6<T1, T2, T3, T4, T5, T6> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public T4? Input4 { get; set; }

    public T5? Input5 { get; set; }

    public T6? Input6 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
        Input4 = (T4?)values[3];
        Input5 = (T5?)values[4];
        Input6 = (T6?)values[5];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
        Input4 = default;
        Input5 = default;
        Input6 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 7 of them.</summary>
internal sealed class RuleInputs7<T1, T2, T3, T4, T5, T6, T7> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public T4? Input4 { get; set; }

    public T5? Input5 { get; set; }

    public T6? Input6 { get; set; }

    public T7? Input7 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
        Input4 = (T4?)values[3];
        Input5 = (T5?)values[4];
        Input6 = (T6?)values[5];
        Input7 = (T7?)values[6];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
        Input4 = default;
        Input5 = default;
        Input6 = default;
        Input7 = default;
    }
}

/// <summary>The rule parameters of one evaluation, 8 of them.</summary>
internal sealed class RuleInputs8<T1, T2, T3, T4, T5, T6, T7, T8> : IRuleInputs
{
    public T1? Input1 { get; set; }

    public T2? Input2 { get; set; }

    public T3? Input3 { get; set; }

    public T4? Input4 { get; set; }

    public T5? Input5 { get; set; }

    public T6? Input6 { get; set; }

    public T7? Input7 { get; set; }

    public T8? Input8 { get; set; }

    public void Set(object?[] values)
    {
        Input1 = (T1?)values[0];
        Input2 = (T2?)values[1];
        Input3 = (T3?)values[2];
        Input4 = (T4?)values[3];
        Input5 = (T5?)values[4];
        Input6 = (T6?)values[5];
        Input7 = (T7?)values[6];
        Input8 = (T8?)values[7];
    }

    public void Clear()
    {
        Input1 = default;
        Input2 = default;
        Input3 = default;
        Input4 = default;
        Input5 = default;
        Input6 = default;
        Input7 = default;
        Input8 = default;
    }
}
