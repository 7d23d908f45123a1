using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Switchboard.Images.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Switchboard.Images.Benchmarks.PreparePhotoBenchmarks).Assembly).Run(args);
