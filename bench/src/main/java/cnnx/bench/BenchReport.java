package cnnx.bench;

import java.util.List;

/**
 * What one {@code cnnx bench} run measured: the JSON report's root. {@code fusion}: for each OpenCL device timed
 * both fused and unfused ({@code X} and {@code X/unfused}), the ratio of their throughputs per batch. {@code turn}:
 * consecutive runs per device in a round, the first untimed ({@code cnnx bench --turn}).
 */
record BenchReport(
    String model,
    long macs_per_image,
    int threads,
    String machine_load_before,
    String machine_load_after,
    double warmup_seconds,
    int turn,
    List<DeviceResult> results,
    List<FusionRatio> fusion) {}
