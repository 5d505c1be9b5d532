/**
 * Thin, leak-checked wrappers over OpenCL: platform discovery, contexts with one profiling queue,
 * buffers, programs, kernels, events, and an on-disk cache of program binaries. The only package
 * that imports {@code org.jocl}; every OpenCL failure leaves it as a {@link
 * cnnx.host.cl.DeviceException}. Depends on {@code cnnx.compiler.error} and the JDK.
 */
package cnnx.host.cl;
