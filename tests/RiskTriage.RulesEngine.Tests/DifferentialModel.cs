namespace RiskTriage.RulesEngine.Tests;

public sealed class Customer
{
    public string? Name { get; set; }

    public string? Country { get; set; }

    public int Age { get; set; }

    public int? Loyalty { get; set; }

    public double Spend { get; set; }

    public double? Score { get; set; }

    public bool Active { get; set; }

    public int NoOfOrders { get; set; }

    public Address? Address { get; set; }

    public List<Order>? Orders { get; set; }

    public List<string>? Tags { get; set; }
}

public sealed class Address
{
    public string? City { get; set; }

    public int Floor { get; set; }
}

public sealed class Order
{
    public string? Kind { get; set; }

    public double Amount { get; set; }

    public int Quantity { get; set; }

    public int? Discount { get; set; }
}

public sealed record Visit(int Count, double Total, string? Channel);

/// <summary>Random inputs that reach every branch: nulls at every nullable member, zeros, halves, case and space variants.</summary>
internal sealed class InputGenerator(int seed)
{
    private static readonly string?[] Texts = [null, "", "india", "India", " india ", "INDIA", "usa", "USA", "bob", "alice", "vip", "VIP", "book", "food", "b", "paris", "o"];
    private static readonly double[] Reals = [-2.5, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3.5, 4.25, 7];
    private readonly Random _random = new(seed);

    public Customer Customer() => new()
    {
        Name = Text(),
        Country = Text(),
        Age = _random.Next(-3, 11),
        Loyalty = Maybe(() => _random.Next(0, 6)),
        Spend = Real(),
        Score = Maybe(Real),
        Active = _random.Next(2) == 0,
        NoOfOrders = _random.Next(0, 4),
        Address = _random.Next(4) == 0 ? null : new Address { City = Text(), Floor = _random.Next(0, 4) },
        Orders = _random.Next(5) == 0 ? null : [.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Order())],
        Tags = _random.Next(5) == 0 ? null : [.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Text() ?? "vip")],
    };

    public Visit Visit() => new(_random.Next(0, 7), Real(), Text());

    private Order Order() => new() { Kind = Text(), Amount = Real(), Quantity = _random.Next(0, 4), Discount = Maybe(() => _random.Next(0, 4)) };

    private string? Text() => Texts[_random.Next(Texts.Length)];

    private double Real() => Reals[_random.Next(Reals.Length)];

    private T? Maybe<T>(Func<T> value) where T : struct => _random.Next(4) == 0 ? null : value();
}
