/** Numerical comparison of tensors against a reference, under stated tolerances. */
package cnnx.compiler.verify;
