/**
 * Target descriptions: what the compiler needs to know about a device ({@link cnnx.boards.Target}), and
 * presets for real hardware that is not on this machine ({@link cnnx.boards.TargetPresets}). JDK only.
 */
package cnnx.boards;
