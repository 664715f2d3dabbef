using RiskTriage.Diagnostics;
using RiskTriage.Expressions;
using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Syntax;

namespace RiskTriage.Tests.Expressions.Binding;

public sealed class BinderTests
{
    /// <summary>One expression for every lexing, grammar and type error code (RT00xx, RT01xx, RT02xx).</summary>
    public static TheoryData<string, string> OneExpressionPerCode => new()
    {
        { DiagnosticCodes.UnexpectedCharacter, "age #" },
        { DiagnosticCodes.UnterminatedString, "name == \"Jane" },
        { DiagnosticCodes.InvalidEscape, "name == \"\\q\"" },
        { DiagnosticCodes.InvalidNumber, "age > 12abc" },
        { DiagnosticCodes.AssignmentNotAllowed, "age = 3" },
        { DiagnosticCodes.SingleAmpersandOrBar, "custody & female" },
        { DiagnosticCodes.ExpressionTooLong, new string('1', RuleSetLimits.Default.MaxExpressionLength + 1) },
        { DiagnosticCodes.UnexpectedToken, "age >" },
        { DiagnosticCodes.NestedTooDeeply, new string('(', 100) + "1" + new string(')', 100) },
        { DiagnosticCodes.ReservedWord, "new Foo()" },
        { DiagnosticCodes.TrailingTokens, "age age" },
        { DiagnosticCodes.EmptyExpression, " " },
        { DiagnosticCodes.LambdaNotAllowed, "x => x" },
        { DiagnosticCodes.UnknownName, "rosch" },
        { DiagnosticCodes.UnknownMember, "offender.adress" },
        { DiagnosticCodes.NoMembers, "age.value" },
        { DiagnosticCodes.UnknownFunction, "mx(1, 2)" },
        { DiagnosticCodes.WrongArgumentCount, "abs(1, 2)" },
        { DiagnosticCodes.OperatorTypeMismatch, "age + true" },
        { DiagnosticCodes.ArgumentTypeMismatch, "abs(\"x\")" },
        { DiagnosticCodes.UnknownMethod, "scores.First()" },
        { DiagnosticCodes.ConditionNotBool, "age ? 1 : 2" },
        { DiagnosticCodes.ValueNotInEnumeration, "rosh == \"VERY_HGH\"" },
        { DiagnosticCodes.InvalidDate, "date(\"2026-02-30\")" },
        { DiagnosticCodes.LambdaExpected, "scores.Any(1)" },
        { DiagnosticCodes.BranchTypeMismatch, "custody ? 1 : \"a\"" },
        { DiagnosticCodes.ListElementTypeMismatch, "[1, \"a\"]" },
        { DiagnosticCodes.InvalidIndex, "scores[\"a\"]" },
        { DiagnosticCodes.WrongResultType, "scores.Sum(s => s > 1)" },
        { DiagnosticCodes.DistinctNeedsCount, "scores.Distinct()" },
        { DiagnosticCodes.ChoiceOfListsOrObjects, "custody ? scores : noScores" },
    };

    [Theory]
    [MemberData(nameof(OneExpressionPerCode))]
    public void Every_error_has_a_stable_code_and_a_location(string code, string text)
    {
        var diagnostic = TestSchema.Single(text);
        Assert.Equal(code, diagnostic.Code);
        Assert.True(diagnostic.IsError);
        Assert.Matches("^RT0[0-2][0-9]{2}$", diagnostic.Code);
        Assert.True(diagnostic.Location.Line >= 1 && diagnostic.Location.Column >= 1 && diagnostic.Location.Length >= 1);
        Assert.Null(diagnostic.Location.File);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
    }

    [Fact]
    public void Every_expression_code_is_covered()
    {
        var codes = typeof(DiagnosticCodes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Where(c => string.CompareOrdinal(c, "RT0300") < 0)
            .ToHashSet();
        var covered = OneExpressionPerCode.Select(row => (string)row[0]).ToHashSet();
        Assert.Empty(codes.Except(covered));
    }

    [Fact]
    public void Unknown_input_is_reported_with_line_and_column()
    {
        var diagnostic = TestSchema.Single("rosh == \"HIGH\"\n  && rosch == \"LOW\"");
        Assert.Equal(DiagnosticCodes.UnknownName, diagnostic.Code);
        Assert.Equal(new SourceLocation(null, 2, 6, 5), diagnostic.Location);
        Assert.Equal("(2,6): error RT0201: unknown input 'rosch'; did you mean 'rosh'?", diagnostic.ToString());
    }

    [Fact]
    public void Unknown_input_suggests_the_nearest_name()
    {
        Assert.Equal("unknown input 'rosch'; did you mean 'rosh'?", TestSchema.Single("rosch").Message);
        Assert.Equal("unknown input 'scroe'; did you mean 'score'?", TestSchema.Single("scroe").Message);
        Assert.Equal("unknown parameter 'treshold'; did you mean 'threshold'?", TestSchema.Single("treshold").Message);
        Assert.Equal("unknown input 'Custody'; did you mean 'custody'?", TestSchema.Single("Custody").Message);
    }

    [Fact]
    public void Unknown_name_far_from_every_name_gets_no_suggestion()
    {
        Assert.Equal("unknown name 'xyzzy': it is not an input, parameter or value of this rule set", TestSchema.Single("xyzzy").Message);
    }

    [Fact]
    public void Unknown_member_suggests_the_nearest_field_of_that_object()
    {
        var diagnostic = TestSchema.Single("sentences.Any(s => s.termnated)");
        Assert.Equal(DiagnosticCodes.UnknownMember, diagnostic.Code);
        Assert.Equal("'sentence' has no field 'termnated'; did you mean 'terminated'?", diagnostic.Message);
        Assert.Equal((22, 9), (diagnostic.Location.Column, diagnostic.Location.Length));
    }

    [Fact]
    public void Misspelt_enumeration_value_is_reported_with_the_allowed_values()
    {
        var diagnostic = TestSchema.Single("sentences.Any(s => s.type in [\"NC\", \"SCC\"])");
        Assert.Equal(DiagnosticCodes.ValueNotInEnumeration, diagnostic.Code);
        Assert.Equal("\"SCC\" is not one of the values of 'type' (NC, SC, CUSTODY, SSO); did you mean 'SC'?", diagnostic.Message);
    }

    [Fact]
    public void Several_errors_are_reported_in_one_pass()
    {
        var codes = TestSchema.Codes("agee > 1 && rosh == \"HGH\" || scores.Cout() > 2 || abs(\"x\") > 1 || mx(1, 2) > 0");
        Assert.Equal(
            [DiagnosticCodes.UnknownName, DiagnosticCodes.ValueNotInEnumeration, DiagnosticCodes.UnknownMethod, DiagnosticCodes.ArgumentTypeMismatch, DiagnosticCodes.UnknownFunction],
            codes);
    }

    [Fact]
    public void An_error_does_not_cause_follow_on_errors()
    {
        // 'agee' is unknown; its uses in arithmetic, comparisons, members and calls add nothing.
        var codes = TestSchema.Codes("(agee + 1) * 2 > abs(agee) && agee.x == agee[0] && agee.Any(a => a.b) && agee ? 1 : 2");
        Assert.All(codes, c => Assert.Equal(DiagnosticCodes.UnknownName, c));
        Assert.Equal(6, codes.Length);
    }

    [Fact]
    public void Lambda_parameters_are_only_visible_inside_their_lambda()
    {
        var diagnostic = TestSchema.Single("sentences.Any(s => s.terminated) && s.terminated");
        Assert.Equal(DiagnosticCodes.UnknownName, diagnostic.Code);
        Assert.Equal(37, diagnostic.Location.Column);
    }

    [Fact]
    public void Binding_a_lambda_leaves_the_outer_scope_unchanged()
    {
        var before = TestSchema.Scope.Names.ToList();
        TestSchema.CheckValid("sentences.Any(s => s.requirements.Any(r => r.restrictive))");
        Assert.Equal(before, TestSchema.Scope.Names.ToList());
        Assert.Null(TestSchema.Scope.Lookup("s"));
    }

    [Theory]
    [InlineData("age", "number")]
    [InlineData("rosh", "enum")]
    [InlineData("name", "string")]
    [InlineData("custody", "bool")]
    [InlineData("dob", "date")]
    [InlineData("scores", "list<number>")]
    [InlineData("codes", "list<string>")]
    [InlineData("sentences", "list<sentence>")]
    [InlineData("offender", "person")]
    [InlineData("offender.address", "address")]
    [InlineData("sentences[0].requirements", "list<requirement>")]
    [InlineData("null", "null")]
    [InlineData("[]", "list<null>")]
    [InlineData("[\"HIGH\"]", "list<string>")]
    [InlineData("\"HIGH\"", "enum")]
    [InlineData("custody ? \"A\" : \"B\"", "enum")]
    [InlineData("\"A\" + \"B\"", "string")]
    [InlineData("lower(\"A\")", "string")]
    [InlineData("age + 1", "number")]
    [InlineData("name + 1", "string")]
    [InlineData("age > 1", "bool")]
    [InlineData("age in scores", "bool")]
    [InlineData("custody ? rosh : \"LOW\"", "enum")]
    [InlineData("custody ? rosh : rosh", "enum")]
    [InlineData("custody ? 1 : null", "number")]
    [InlineData("rosh ?? \"LOW\"", "enum")]
    [InlineData("scores.Where(s => s > 1)", "list<number>")]
    [InlineData("sentences.Where(s => s.terminated)", "list<sentence>")]
    [InlineData("scores.Count()", "number")]
    [InlineData("scores.Distinct().Count()", "number")]
    [InlineData("len(codes)", "number")]
    [InlineData("codes.Contains(\"RMDO\")", "bool")]
    [InlineData("date(\"2026-06-09\")", "date")]
    [InlineData("addDays(dob, 1)", "date")]
    [InlineData("-null", "null")]
    [InlineData("!null", "null")]
    [InlineData("custody ? null : null", "null")]
    public void Every_node_is_given_a_type(string text, string type)
    {
        Assert.Equal(type, TestSchema.CheckValid(text).Bound.Type.SchemaName);
    }

    [Fact]
    public void Parameters_fold_to_constants()
    {
        var literal = Assert.IsType<BoundLiteral>(TestSchema.CheckValid("threshold").Bound);
        Assert.Equal(7.0, literal.Value);
    }

    [Fact]
    public void Written_dates_are_checked_and_folded_when_binding()
    {
        var literal = Assert.IsType<BoundLiteral>(TestSchema.CheckValid("date(\"2024-02-29\")").Bound);
        Assert.Equal(new DateOnly(2024, 2, 29), literal.Value);
        Assert.IsType<BoundCall>(TestSchema.CheckValid("date(name)").Bound);
    }

    [Fact]
    public void Negative_literals_fold()
    {
        Assert.Equal(-2.5, Assert.IsType<BoundLiteral>(TestSchema.CheckValid("-2.5").Bound).Value);
        Assert.Equal(2.5, Assert.IsType<BoundLiteral>(TestSchema.CheckValid("- -2.5").Bound).Value);
    }

    [Theory]
    [InlineData("-null")]
    [InlineData("!null")]
    [InlineData("custody ? null : null")]
    [InlineData("null ?? null")]
    [InlineData("[null][0]")]
    public void Expressions_of_the_null_type_fold_to_the_null_literal(string text)
    {
        var literal = Assert.IsType<BoundLiteral>(TestSchema.CheckValid(text).Bound);
        Assert.Null(literal.Value);
    }

    [Fact]
    public void Len_of_a_list_binds_as_a_count()
    {
        var method = Assert.IsType<BoundListMethod>(TestSchema.CheckValid("len(scores)").Bound);
        Assert.Equal(ListMethod.Count, method.Method);
    }

    [Fact]
    public void Distinct_then_Count_binds_as_one_method()
    {
        var method = Assert.IsType<BoundListMethod>(TestSchema.CheckValid("codes.Distinct().Count()").Bound);
        Assert.Equal(ListMethod.CountDistinct, method.Method);
    }

    [Fact]
    public void Object_field_by_quoted_name_binds_as_a_member()
    {
        var member = Assert.IsType<BoundMember>(TestSchema.CheckValid("offender[\"name\"]").Bound);
        Assert.Equal("name", member.Property.Name);
    }

    [Theory]
    [InlineData("age > 1", null)]
    [InlineData("unknownFlag", null)]
    [InlineData("null", null)]
    [InlineData("age", DiagnosticCodes.ConditionNotBool)]
    [InlineData("name", DiagnosticCodes.ConditionNotBool)]
    [InlineData("scores", DiagnosticCodes.ConditionNotBool)]
    public void A_condition_must_be_true_or_false(string text, string? code)
    {
        var codes = TestSchema.Codes(text, DataType.Bool);
        Assert.Equal(code is null ? [] : [code], codes);
    }

    [Theory]
    [InlineData("age", "number", null)]
    [InlineData("rosh", "enum", null)]
    [InlineData("\"HIGH\"", "enum", null)]
    [InlineData("\"HIHG\"", "enum", DiagnosticCodes.ValueNotInEnumeration)]
    [InlineData("name", "enum", DiagnosticCodes.WrongResultType)]
    [InlineData("age > 1", "number", DiagnosticCodes.WrongResultType)]
    [InlineData("dob", "date", null)]
    [InlineData("\"2026-06-09\"", "date", DiagnosticCodes.WrongResultType)]
    public void The_result_must_have_the_type_the_context_needs(string text, string expected, string? code)
    {
        var type = expected switch
        {
            "number" => DataType.Number,
            "date" => DataType.Date,
            _ => DataType.Enumeration(TestSchema.RoshValues),
        };
        Assert.Equal(code is null ? [] : [code], TestSchema.Codes(text, type));
    }

    [Fact]
    public void Binder_reports_through_the_bag_and_never_throws_on_error_syntax()
    {
        var bag = new DiagnosticBag();
        var bound = Binder.Bind(new ErrorSyntax(new TextSpan(0, 0)), new SourceText(string.Empty), TestSchema.Scope, bag);
        Assert.IsType<BoundError>(bound);
        Assert.Equal(0, bag.Count);
    }

    [Fact]
    public void Check_keeps_source_syntax_bound_tree_and_diagnostics_together()
    {
        var result = RuleExpression.Check("age > 1", TestSchema.Scope, DataType.Bool);
        Assert.Equal("age > 1", result.Source.Text);
        Assert.IsType<BinarySyntax>(result.Syntax);
        Assert.IsType<BoundBinary>(result.Bound);
        Assert.False(result.HasErrors);
        Assert.Equal(0, result.Diagnostics.Count);
    }
}
