/**
 * The device SPI: what a device is called, what it says about itself, and which devices this
 * machine offers ({@code reference} always, {@code opencl:N} when OpenCL finds devices). Running
 * plans on devices is not here yet. Depends on {@code cnnx.host.cl} (never on JOCL directly).
 */
package cnnx.host.device;
