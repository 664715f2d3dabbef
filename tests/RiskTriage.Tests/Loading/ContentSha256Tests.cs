using System.Security.Cryptography;
using System.Text;
using RiskTriage.Loading;

namespace RiskTriage.Tests.Loading;

/// <summary>The rule set's content hash computed in the library gives the bytes of the platform's SHA-256.</summary>
public sealed class ContentSha256Tests
{
    [Fact]
    public void Gives_the_digests_of_the_standards_examples()
    {
        // FIPS 180-4's examples (NIST's "SHA-256" example values): one block, and a message whose padding takes a second block.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Convert.ToHexStringLower(ContentSha256.Managed("abc"u8)));
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(ContentSha256.Managed("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Convert.ToHexStringLower(ContentSha256.Managed([])));
    }

    [Fact]
    public void Gives_the_platforms_digest_at_every_length_around_the_block_and_padding_boundaries()
    {
        var random = new Random(19);
        var data = new byte[1000];
        random.NextBytes(data);
        for (var length = 0; length <= 300; length++)
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), ContentSha256.Managed(data.AsSpan(0, length)));
        }

        for (var length = 301; length <= data.Length; length += 37)
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), ContentSha256.Managed(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Gives_the_platforms_digest_on_either_side_of_the_managed_limit()
    {
        var data = Encoding.UTF8.GetBytes(new string('r', ContentSha256.ManagedLimit + 1));
        foreach (var length in new[] { ContentSha256.ManagedLimit, ContentSha256.ManagedLimit + 1 })
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), ContentSha256.HashData(data.AsSpan(0, length)));
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), ContentSha256.Managed(data.AsSpan(0, length)));
        }
    }
}
