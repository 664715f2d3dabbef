using System.Collections;
using System.Diagnostics.CodeAnalysis;
using RiskTriage.Evaluation;

namespace RiskTriage;

/// <summary>
/// A decision's outputs by name, in the order the rule set declares them (the order <see cref="Decision.ToJson"/>
/// writes them). A read-only view over the decision's values: nothing is copied, and enumerating it with
/// <c>foreach</c> allocates nothing.
/// </summary>
public sealed class DecisionOutputs : IReadOnlyDictionary<string, RuleValue>, IReadOnlyList<KeyValuePair<string, RuleValue>>
{
    private readonly OutputLayout _layout;
    private readonly Decision _decision;

    internal DecisionOutputs(OutputLayout layout, Decision decision)
    {
        _layout = layout;
        _decision = decision;
    }

    /// <summary>How many outputs the rule set declares.</summary>
    public int Count => _layout.Names.Length;

    /// <summary>The output names, in declaration order.</summary>
    public IEnumerable<string> Keys => _layout.Names;

    /// <summary>The output values, in declaration order; an output with no value is <see cref="RuleValue.Missing"/>.</summary>
    public IEnumerable<RuleValue> Values
    {
        get
        {
            for (var slot = 0; slot < Count; slot++)
            {
                yield return _decision.Output(slot);
            }
        }
    }

    /// <summary>The output named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The rule set declares no such output; the message lists its outputs.</exception>
    public RuleValue this[string key] => _decision.Output(_layout.SlotOf(key));

    /// <summary>The output at <paramref name="index"/> in declaration order, with its name.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public KeyValuePair<string, RuleValue> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new KeyValuePair<string, RuleValue>(_layout.Names[index], _decision.Output(index));
        }
    }

    /// <summary>Whether the rule set declares an output named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _layout.Index.ContainsKey(key);

    /// <summary>Gets the output named <paramref name="key"/>, when the rule set declares one.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RuleValue value)
    {
        if (_layout.Index.TryGetValue(key, out var slot))
        {
            value = _decision.Output(slot);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Enumerates the outputs in declaration order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, RuleValue>> IEnumerable<KeyValuePair<string, RuleValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a decision's outputs in declaration order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, RuleValue>>
    {
        private readonly DecisionOutputs _outputs;
        private int _index;

        internal Enumerator(DecisionOutputs outputs)
        {
            _outputs = outputs;
            _index = -1;
        }

        /// <summary>The output at the enumerator's position, with its name.</summary>
        public readonly KeyValuePair<string, RuleValue> Current => new(_outputs._layout.Names[_index], _outputs._decision.Output(_index));

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next output.</summary>
        public bool MoveNext() => ++_index < _outputs.Count;

        /// <summary>Moves back to before the first output.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
