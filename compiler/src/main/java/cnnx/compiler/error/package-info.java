/** The typed failures cnnx reports; nothing else escapes the public entry points. JDK only. */
package cnnx.compiler.error;
