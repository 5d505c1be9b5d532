/**
 * The op table: one {@link cnnx.compiler.ops.OpDef} per ONNX op in canonical form, grouped in
 * families, each with type inference and reference semantics. Depends on {@code ir},
 * {@code error} and the tolerance values of {@code verify} only.
 */
package cnnx.compiler.ops;
