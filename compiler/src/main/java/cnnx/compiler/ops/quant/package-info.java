/**
 * Quantized ops: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
 * QLinearMatMul, ConvInteger and QLinearConv, with ONNX Runtime's arithmetic (float32 scales,
 * round half to even, saturation to the integer type). Depends on {@code ir} and {@code ops}.
 */
package cnnx.compiler.ops.quant;
