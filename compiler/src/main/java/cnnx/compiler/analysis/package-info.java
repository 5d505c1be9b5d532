/** Read-only analyses of a graph or a plan: layer costs, parameter counts, memory estimates and budgets. */
package cnnx.compiler.analysis;
