using System.Runtime.InteropServices;

namespace Switchboard.Memory.Storage;

/// <summary>
/// Vectors are stored as their raw float32 bytes in machine order (little-endian on every platform .NET runs on
/// today): no encoding cost either way, and 4 bytes per dimension.
/// </summary>
internal static class VectorBlob
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    /// <exception cref="InvalidDataException">The blob's length is not a whole number of floats.</exception>
    public static float[] FromBytes(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException($"A stored vector has {blob.Length} bytes, not a whole number of float32 values.");
        }

        return MemoryMarshal.Cast<byte, float>(blob).ToArray();
    }
}
