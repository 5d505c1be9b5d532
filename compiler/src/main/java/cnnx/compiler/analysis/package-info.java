/** Read-only analyses of a graph: layer costs, parameter counts. */
package cnnx.compiler.analysis;
