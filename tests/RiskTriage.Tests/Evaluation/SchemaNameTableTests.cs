using Newtonsoft.Json;
using RiskTriage.Evaluation;
using RiskTriage.Expressions.Binding;

namespace RiskTriage.Tests.Evaluation;

/// <summary>
/// The name table the JSON reader uses for a schema's field names: it hands back the declared instance for a
/// declared name, nothing for any other text, and never reads outside the characters it is given.
/// </summary>
public sealed class SchemaNameTableTests
{
    private static readonly string[] Declared = ["caseId", "rosh", "rsrScore", "ogrs3", "a", "ab", "ba", "needs", "ACCOMMODATION", ""];

    [Fact]
    public void A_declared_name_is_handed_back_as_the_declared_instance()
    {
        var table = new SchemaNameTable(Declared);
        foreach (var name in Declared)
        {
            var buffer = ("xx" + name + "yy").ToCharArray();
            Assert.Same(name, table.Get(buffer, 2, name.Length));
        }
    }

    [Theory]
    [InlineData("Rosh")]
    [InlineData("rosh ")]
    [InlineData("roch")]
    [InlineData("caseid")]
    [InlineData("b")]
    [InlineData("aa")]
    [InlineData("ogrs")]
    public void Other_text_is_not_found(string text)
    {
        var table = new SchemaNameTable(Declared);
        Assert.Null(table.Get(text.ToCharArray(), 0, text.Length));
    }

    [Fact]
    public void A_range_outside_the_buffer_finds_nothing()
    {
        var table = new SchemaNameTable(Declared);
        var buffer = "rosh".ToCharArray();
        Assert.Null(table.Get(buffer, 1, 4));
        Assert.Null(table.Get(buffer, 5, 1));
        Assert.Null(table.Get(buffer, -1, 2));
    }

    [Fact]
    public void Many_names_in_the_same_bucket_are_all_found()
    {
        // Same length and end characters: all fall in one bucket.
        var names = Enumerable.Range(0, 200).Select(i => "f" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + "z").ToArray();
        var table = new SchemaNameTable(names);
        foreach (var name in names)
        {
            Assert.Same(name, table.Get(name.ToCharArray(), 0, name.Length));
        }
    }

    [Fact]
    public void The_json_reader_gives_declared_names_that_find_their_fields_by_instance()
    {
        var schema = new ObjectType("case");
        schema.Add("caseId", DataType.String);
        schema.Add("rosh", DataType.String);
        schema.Add("score", DataType.Number);
        var table = CaseReader.NameTable(schema);

        using var reader = new JsonTextReader(new StringReader("""{"score": 1, "caseId": "x", "rosh": "LOW", "other": 2}""")) { PropertyNameTable = table };
        var found = new List<string?>();
        var next = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonToken.PropertyName)
            {
                var property = schema.FindInstance((string)reader.Value!, next);
                found.Add(property?.Name);
                next = property is null ? next : property.Index + 1;
            }
        }

        Assert.Equal(["score", "caseId", "rosh", null], found);
    }

    [Fact]
    public void A_name_of_another_instance_is_not_found_by_instance_but_is_by_name()
    {
        var schema = new ObjectType("case");
        schema.Add("rosh", DataType.String);
        var other = new string("rosh".AsSpan());
        Assert.Null(schema.FindInstance(other, 0));
        Assert.Same(schema.Properties[0], schema.Find(other));
    }
}
