/** The reference interpreter: runs a canonical graph on the JVM; the numerical ground truth. */
package cnnx.compiler.interp;
