/**
 * OpenCL element kernels for the quantized ops, each the twin of its reference in
 * {@code cnnx.compiler.ops.quant}: integer sums in int64, requantization in float32 with
 * {@code rint} (round half to even) and saturation, so results are bit-exact.
 */
package cnnx.compiler.codegen.quant;
