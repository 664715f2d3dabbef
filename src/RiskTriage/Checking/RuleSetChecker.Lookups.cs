using Newtonsoft.Json.Linq;
using RiskTriage.Loading;

namespace RiskTriage.Checking;

/// <summary>
/// Finds an element's declaration and an expression's parsed text by their JSON token in constant time, so that
/// loading grows in step with the number of elements: searching the model's lists for each element would grow with
/// its square (see benchmarks/RESULTS.md).
/// </summary>
internal sealed partial class RuleSetChecker
{
    private Dictionary<JToken, object>? _declarations;

    // The first expression parsed from each JSON string (a table cell's range parts share their string's token).
    private readonly Dictionary<JToken, ExpressionText> _parsedByToken = new(ReferenceEqualityComparer.Instance);

    /// <summary>The declaration <paramref name="node"/> was made from.</summary>
    private T DeclarationOf<T>(CheckedNode node)
        where T : class
    {
        if (_declarations is null)
        {
            _declarations = new Dictionary<JToken, object>(ReferenceEqualityComparer.Instance);
            Index(_model.Values, v => v.Token);
            Index(_model.Scorecards, s => s.Token);
            Index(_model.Bands, b => b.Token);
            Index(_model.Tables, t => t.Token);
            Index(_model.Rules, r => r.Token);
            Index(_model.Outputs, o => o.Token);
        }

        return (T)_declarations[node.Token];

        void Index<TDecl>(List<TDecl> decls, Func<TDecl, JToken> token)
            where TDecl : class
        {
            foreach (var decl in decls)
            {
                _declarations.TryAdd(token(decl), decl);
            }
        }
    }

    private void RememberParsed(ExpressionText text) => _parsedByToken.TryAdd(text.Token, text);

    /// <summary>The expression already parsed from <paramref name="token"/>, if any.</summary>
    private ExpressionText? ParsedAt(JToken token) => _parsedByToken.GetValueOrDefault(token);
}
