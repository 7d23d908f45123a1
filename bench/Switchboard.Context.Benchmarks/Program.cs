using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Switchboard.Context.Benchmarks;

// dotnet run -c Release --project bench/Switchboard.Context.Benchmarks -- [rounds]
// Runs every suite `rounds` times (default 3), interleaved (round 1 of each suite, then round 2, ...), and prints each
// benchmark's ratio to the baseline measured in the same round: on a shared machine the absolute times drift
// between rounds, the ratios much less.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var config = DefaultConfig.Instance
    // In process: no generated project to build per suite and round (a build on the shared two-core machine can take
    // minutes); the same process also keeps the tokenizer's vocabulary loaded between suites.
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
var suites = new[] { typeof(TokenThroughputBenchmarks), typeof(HistoryRemeasureBenchmarks) };
var ratios = new Dictionary<string, List<(double Mean, double Ratio)>>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var suite in suites)
    {
        Record(BenchmarkRunner.Run(suite, config));
    }
}

Console.WriteLine();
Console.WriteLine($"Ratios to the baseline of the same round ({rounds} rounds; median, then each round):");
foreach (var (name, results) in ratios)
{
    var sorted = results.Select(r => r.Ratio).Order().ToList();
    var meanText = string.Join(", ", results.Select(r => FormatTime(r.Mean)));
    var extra = name.Contains("TiktokenTokenCounter", StringComparison.Ordinal) || name.Contains("Naive", StringComparison.Ordinal)
        ? $"  {TokenThroughputBenchmarks.CorpusTokens / (results.Select(r => r.Mean).Order().ElementAt(results.Count / 2) / 1e9) / 1e6:F2} M tokens/s"
        : "";
    var median = sorted[sorted.Count / 2];
    Console.WriteLine($"  {name,-55} x{median:F4} ({1 / median:N0}x as fast)  [{string.Join(", ", results.Select(r => r.Ratio.ToString("F4", CultureInfo.InvariantCulture)))}]  median per round {meanText}{extra}");
}

void Record(Summary summary)
{
    foreach (var group in summary.Reports.GroupBy(r => r.BenchmarkCase.Descriptor.Type))
    {
        if (group.Any(r => r.ResultStatistics is null))
        {
            throw new InvalidOperationException($"{group.Key.Name} did not run; see the log above (run from the project folder or with --project).");
        }

        var baseline = group.Single(r => r.BenchmarkCase.Descriptor.Baseline).ResultStatistics!.Median;
        foreach (var report in group)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
            var median = report.ResultStatistics!.Median;
            (ratios.TryGetValue(name, out var list) ? list : ratios[name] = []).Add((median, median / baseline));
        }
    }
}

static string FormatTime(double nanoseconds) => nanoseconds switch
{
    >= 1e6 => $"{nanoseconds / 1e6:F2} ms",
    >= 1e3 => $"{nanoseconds / 1e3:F1} us",
    _ => $"{nanoseconds:F0} ns",
};
