using System.Security.Cryptography;

namespace Switchboard.Memory;

/// <summary>
/// Memory ids are made when a memory is accepted, before the background writer stores it, so the caller has the id
/// at once: 16 hex digits of randomness (64 bits; a collision among a million memories has odds of about 1 in 36
/// million, and the unique index would refuse it rather than overwrite).
/// </summary>
internal static class MemoryIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
