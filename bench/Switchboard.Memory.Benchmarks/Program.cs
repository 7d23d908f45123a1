using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Switchboard.Memory.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
