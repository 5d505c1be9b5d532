/**
 * Layer-by-layer verification of a device against the reference interpreter, written on the public API alone:
 * each launch checked in isolation on the reference's own inputs, the whole run end to end, the first diverging
 * ONNX node found on an unfused re-check.
 */
package cnnx.api.verify;
