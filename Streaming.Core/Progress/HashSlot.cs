using System.Text;

namespace Streaming.Core.Progress;

/// <summary>
/// The Redis Cluster hash slot of a key, as <c>CLUSTER KEYSLOT</c> computes it: CRC16 (XMODEM) of the key, or of its
/// hash tag (the part between the first <c>{</c> and the next <c>}</c>, when not empty), modulo 16384.
/// </summary>
public static class HashSlot
{
    public const int Count = 16384;

    public static int Of(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        return Crc16(HashedPart(bytes)) % Count;
    }

    /// <summary>The hash tag when the key has a non-empty one, else the whole key.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            return key;
        }
        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }

    /// <summary>CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }
        return crc;
    }
}
