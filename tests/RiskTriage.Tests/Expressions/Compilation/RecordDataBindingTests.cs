using RiskTriage.Expressions.Binding;
using RiskTriage.Expressions.Compilation;
using RiskTriage.Runtime;

namespace RiskTriage.Tests.Expressions.Compilation;

public sealed class RecordDataBindingTests
{
    [Fact]
    public void Values_are_stored_as_nullable_scalars_typed_arrays_and_records()
    {
        Assert.Equal(typeof(double?), RecordDataBinding.StorageType(DataType.Number));
        Assert.Equal(typeof(bool?), RecordDataBinding.StorageType(DataType.Bool));
        Assert.Equal(typeof(DateOnly?), RecordDataBinding.StorageType(DataType.Date));
        Assert.Equal(typeof(string), RecordDataBinding.StorageType(DataType.Enumeration(["A"])));
        Assert.Equal(typeof(CaseRecord), RecordDataBinding.StorageType(DataType.Of(TestSchema.Person)));
        Assert.Equal(typeof(double?[]), RecordDataBinding.StorageType(DataType.ListOf(DataType.Number)));
        Assert.Equal(typeof(string[]), RecordDataBinding.StorageType(DataType.ListOf(DataType.String)));
        Assert.Equal(typeof(CaseRecord[]), RecordDataBinding.StorageType(DataType.ListOf(DataType.Of(TestSchema.Sentence))));
        Assert.Equal(typeof(double?[][]), RecordDataBinding.StorageType(DataType.ListOf(DataType.ListOf(DataType.Number))));
    }

    [Fact]
    public void Fields_are_read_by_slot_and_a_slot_of_the_wrong_kind_reads_as_missing()
    {
        var fields = new FieldValue[TestSchema.Case.Properties.Count];
        fields[TestSchema.Case.Find("age")!.Index] = FieldValue.OfNumber(40);
        fields[TestSchema.Case.Find("name")!.Index] = FieldValue.OfNumber(1);
        fields[TestSchema.Case.Find("scores")!.Index] = FieldValue.OfReference(new[] { "not", "numbers" });
        fields[TestSchema.Case.Find("offender")!.Index] = FieldValue.OfReference("not a record");
        var record = new CaseRecord(fields);

        object? Run(string text) => ExpressionCompiler.CompileToObject<CaseRecord>(TestSchema.CheckValid(text).Bound, RecordDataBinding.Instance)(record);

        Assert.Equal(40d, Run("age"));
        Assert.Null(Run("name"));
        Assert.Null(Run("scores.Sum()"));
        Assert.Null(Run("offender.name"));
    }

    [Fact]
    public void A_field_value_reads_as_each_scalar_kind()
    {
        Assert.Equal(2.5, FieldValue.OfNumber(2.5).AsNumber());
        Assert.Equal(true, FieldValue.OfBool(true).AsBool());
        Assert.Equal(false, FieldValue.OfBool(false).AsBool());
        Assert.Equal(new DateOnly(2024, 2, 29), FieldValue.OfDate(new DateOnly(2024, 2, 29)).AsDate());
        Assert.Equal("x", FieldValue.OfReference("x").AsString());
        Assert.Null(default(FieldValue).AsNumber());
        Assert.Null(default(FieldValue).AsBool());
        Assert.Null(default(FieldValue).AsDate());
        Assert.Null(default(FieldValue).AsString());
        Assert.Null(default(FieldValue).As<CaseRecord>());
    }
}
