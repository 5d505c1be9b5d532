/**
 * The graph IR: immutable records for values, types, nodes and graphs, plus the text printer and
 * the verifier. Depends on nothing but the JDK and {@code cnnx.compiler.error}.
 */
package cnnx.compiler.ir;
