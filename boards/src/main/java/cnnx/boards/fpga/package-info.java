/**
 * FPGA boards and a model of a PipeCNN-style conv engine on them: published board resources
 * ({@link cnnx.boards.fpga.FpgaBoards}), resource use and latency of a VEC_SIZE × LANE_NUM configuration
 * ({@link cnnx.boards.fpga.EngineModel}) and the search for the best one that fits
 * ({@link cnnx.boards.fpga.DesignSpace}). Pure functions, JDK only.
 */
package cnnx.boards.fpga;
