package cnnx.api;

/** How long one compile step took. */
public record StepTiming(String step, long nanos) {}
