using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Streaming.Benchmarks.Playback.PresignOneUrlBenchmarks).Assembly).Run(args);
