/**
 * Compiler passes: one class per pass, each a pure Graph → Graph function with a name, run in
 * order by {@link cnnx.compiler.pass.PassManager}. Depends on {@code ir}, {@code ops}, {@code error}.
 */
package cnnx.compiler.pass;
