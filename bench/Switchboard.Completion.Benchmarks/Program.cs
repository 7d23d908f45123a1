using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Switchboard.Completion.Benchmarks -- --filter '*'
// The generated benchmark project compiles Roslyn-heavy code with the shared compiler off; on a 2-core machine that
// can exceed BenchmarkDotNet's default 2-minute build timeout.
var config = ManualConfig.Create(DefaultConfig.Instance);
config.BuildTimeout = TimeSpan.FromMinutes(10);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
