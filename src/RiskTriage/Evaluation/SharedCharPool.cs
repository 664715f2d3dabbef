using System.Buffers;
using Newtonsoft.Json;

namespace RiskTriage.Evaluation;

/// <summary>
/// Lends <see cref="JsonTextReader"/> its character buffers from <see cref="ArrayPool{T}.Shared"/>: without it,
/// every case read would allocate (and clear) a new buffer of a few kilobytes.
/// </summary>
internal sealed class SharedCharPool : IArrayPool<char>
{
    public static readonly SharedCharPool Instance = new();

    private SharedCharPool()
    {
    }

    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }
}
