/**
 * OpenCL element emitters for the element-wise op family ({@code cnnx.compiler.ops.elementwise}):
 * each writes the C computing one output element, for a kernel of its own, a fused chain or a
 * conv epilogue. The reference ops are their specification; this package depends only on the
 * codegen seam ({@code ElementContext}) and the IR.
 */
package cnnx.compiler.codegen.elementwise;
