namespace Switchboard.Images.Tests;

/// <summary>
/// How much the process's resident memory (managed heap and native allocations alike) grows at its peak while an
/// action runs. Linux only: writing 5 to /proc/self/clear_refs resets the peak (VmHWM) to the current size.
/// </summary>
internal static class PeakMemory
{
    public static bool IsAvailable => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    public static long GrowthInBytes(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = ReadKilobytes("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");
        action();
        return (ReadKilobytes("VmHWM") - before) * 1024;
    }

    private static long ReadKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
