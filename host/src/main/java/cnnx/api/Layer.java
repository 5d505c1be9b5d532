package cnnx.api;

/** One node of a model with its multiply-accumulate count at a batch size and its output type. */
public record Layer(String name, String opType, long macs, String outputType) {}
