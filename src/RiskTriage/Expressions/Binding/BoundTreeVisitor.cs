namespace RiskTriage.Expressions.Binding;

/// <summary>
/// The base of every pass over bound trees: one abstract method per kind of node, so a new kind of node is a compile
/// error in every pass (and in <see cref="BoundTreeWalker"/> and <see cref="BoundTreeRewriter"/>) rather than a silent
/// default in a switch. The one switch over <see cref="BoundKind"/> is <see cref="Dispatch"/>, which names every kind
/// (a kind without its arm is error CS8509).
/// </summary>
internal abstract class BoundTreeVisitor<TResult>
{
    /// <summary>Visits a node, refusing (with <see cref="InsufficientExecutionStackException"/>) a tree deeper than the stack allows.</summary>
    public TResult Visit(BoundExpression node) => Dispatch(StackGuard.Checked(node));

    /// <summary>Calls the method for the node's kind (<see cref="BoundExpression.Accept{TResult}"/> comes here).</summary>
    internal TResult Dispatch(BoundExpression node)
    {
        // CS8524 asks for an arm for numbers that name no kind: a node's kind is always one of its named values.
#pragma warning disable CS8524
        return node.Kind switch
        {
            BoundKind.Literal => VisitLiteral((BoundLiteral)node),
            BoundKind.Input => VisitInput((BoundInput)node),
            BoundKind.ValueReference => VisitValueReference((BoundValueReference)node),
            BoundKind.LambdaParameter => VisitLambdaParameter((BoundLambdaParameter)node),
            BoundKind.Member => VisitMember((BoundMember)node),
            BoundKind.Index => VisitIndex((BoundIndex)node),
            BoundKind.Unary => VisitUnary((BoundUnary)node),
            BoundKind.Binary => VisitBinary((BoundBinary)node),
            BoundKind.In => VisitIn((BoundIn)node),
            BoundKind.Conditional => VisitConditional((BoundConditional)node),
            BoundKind.List => VisitList((BoundList)node),
            BoundKind.Call => VisitCall((BoundCall)node),
            BoundKind.ListMethod => VisitListMethod((BoundListMethod)node),
            BoundKind.Error => VisitError((BoundError)node),
        };
#pragma warning restore CS8524
    }

    public abstract TResult VisitLiteral(BoundLiteral node);

    public abstract TResult VisitInput(BoundInput node);

    public abstract TResult VisitValueReference(BoundValueReference node);

    public abstract TResult VisitLambdaParameter(BoundLambdaParameter node);

    public abstract TResult VisitMember(BoundMember node);

    public abstract TResult VisitIndex(BoundIndex node);

    public abstract TResult VisitUnary(BoundUnary node);

    public abstract TResult VisitBinary(BoundBinary node);

    public abstract TResult VisitIn(BoundIn node);

    public abstract TResult VisitConditional(BoundConditional node);

    public abstract TResult VisitList(BoundList node);

    public abstract TResult VisitCall(BoundCall node);

    public abstract TResult VisitListMethod(BoundListMethod node);

    public abstract TResult VisitError(BoundError node);
}

/// <summary>
/// Visits every node of a tree, children after their parent; a pass overrides the kinds it looks at and calls the base
/// to go on below them. The results carry nothing (<c>&amp;</c> rather than <c>&amp;&amp;</c>, so both sides are walked).
/// </summary>
internal abstract class BoundTreeWalker : BoundTreeVisitor<bool>
{
    /// <summary>Walks a tree that may be absent.</summary>
    public void Walk(BoundExpression? node)
    {
        if (node is not null)
        {
            Visit(node);
        }
    }

    public override bool VisitLiteral(BoundLiteral node) => true;

    public override bool VisitInput(BoundInput node) => true;

    public override bool VisitValueReference(BoundValueReference node) => true;

    public override bool VisitLambdaParameter(BoundLambdaParameter node) => true;

    public override bool VisitMember(BoundMember node) => Visit(node.Target);

    public override bool VisitIndex(BoundIndex node) => Visit(node.Target) & Visit(node.Index);

    public override bool VisitUnary(BoundUnary node) => Visit(node.Operand);

    public override bool VisitBinary(BoundBinary node) => Visit(node.Left) & Visit(node.Right);

    public override bool VisitIn(BoundIn node) => Visit(node.Value) & Visit(node.List);

    public override bool VisitConditional(BoundConditional node) => Visit(node.Condition) & Visit(node.WhenTrue) & Visit(node.WhenFalse);

    public override bool VisitList(BoundList node)
    {
        foreach (var item in node.Items)
        {
            Visit(item);
        }

        return true;
    }

    public override bool VisitCall(BoundCall node)
    {
        foreach (var argument in node.Arguments)
        {
            Visit(argument);
        }

        return true;
    }

    public override bool VisitListMethod(BoundListMethod node)
    {
        Visit(node.Source);
        Walk(node.Argument);
        return true;
    }

    public override bool VisitError(BoundError node) => true;
}

/// <summary>Rebuilds a tree bottom-up; a node whose children are unchanged is kept as it is, so an identity pass allocates nothing.</summary>
internal abstract class BoundTreeRewriter : BoundTreeVisitor<BoundExpression>
{
    public override BoundExpression VisitLiteral(BoundLiteral node) => node;

    public override BoundExpression VisitInput(BoundInput node) => node;

    public override BoundExpression VisitValueReference(BoundValueReference node) => node;

    public override BoundExpression VisitLambdaParameter(BoundLambdaParameter node) => node;

    public override BoundExpression VisitMember(BoundMember node) =>
        Visit(node.Target) is var target && target == node.Target ? node : new BoundMember(target, node.Property, node.Span);

    public override BoundExpression VisitIndex(BoundIndex node)
    {
        var target = Visit(node.Target);
        var index = Visit(node.Index);
        return target == node.Target && index == node.Index ? node : new BoundIndex(target, index, node.Span);
    }

    public override BoundExpression VisitUnary(BoundUnary node) =>
        Visit(node.Operand) is var operand && operand == node.Operand ? node : new BoundUnary(node.Operator, operand, node.Span);

    public override BoundExpression VisitBinary(BoundBinary node)
    {
        var left = Visit(node.Left);
        var right = Visit(node.Right);
        return left == node.Left && right == node.Right ? node : new BoundBinary(node.Operator, left, right, node.Type, node.Span);
    }

    public override BoundExpression VisitIn(BoundIn node)
    {
        var value = Visit(node.Value);
        var list = Visit(node.List);
        return value == node.Value && list == node.List ? node : new BoundIn(value, list, node.Negated, node.Span);
    }

    public override BoundExpression VisitConditional(BoundConditional node)
    {
        var condition = Visit(node.Condition);
        var whenTrue = Visit(node.WhenTrue);
        var whenFalse = Visit(node.WhenFalse);
        return condition == node.Condition && whenTrue == node.WhenTrue && whenFalse == node.WhenFalse
            ? node
            : new BoundConditional(condition, whenTrue, whenFalse, node.Type, node.Span);
    }

    public override BoundExpression VisitList(BoundList node) =>
        VisitAll(node.Items) is { } items ? new BoundList(items, node.Type, node.Span) : node;

    public override BoundExpression VisitCall(BoundCall node) =>
        VisitAll(node.Arguments) is { } arguments ? new BoundCall(node.Function, arguments, node.Span) : node;

    public override BoundExpression VisitListMethod(BoundListMethod node)
    {
        var source = Visit(node.Source);
        var argument = node.Argument is null ? null : Visit(node.Argument);
        return source == node.Source && argument == node.Argument
            ? node
            : new BoundListMethod(node.Method, source, node.Parameter, argument, node.Type, node.Span);
    }

    public override BoundExpression VisitError(BoundError node) => node;

    /// <summary>The rewritten items, or null when none changed.</summary>
    private BoundExpression[]? VisitAll(IReadOnlyList<BoundExpression> nodes)
    {
        BoundExpression[]? changed = null;
        for (var i = 0; i < nodes.Count; i++)
        {
            var rewritten = Visit(nodes[i]);
            if (changed is null && rewritten != nodes[i])
            {
                changed = new BoundExpression[nodes.Count];
                for (var j = 0; j < i; j++)
                {
                    changed[j] = nodes[j];
                }
            }

            if (changed is not null)
            {
                changed[i] = rewritten;
            }
        }

        return changed;
    }
}
