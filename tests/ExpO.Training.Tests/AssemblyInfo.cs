// TorchSharp's random generator is process-wide: tests that seed it must not run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
