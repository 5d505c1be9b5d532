/**
 * The plan format between the compiler and the host runtime: programs, buffers, constants and
 * launches as plain records. JDK only.
 */
package cnnx.kernels.plan;
