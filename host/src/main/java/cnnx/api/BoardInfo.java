package cnnx.api;

/**
 * A board or device preset as {@code cnnx boards} lists it.
 *
 * @param id how it is named ({@code intel/de5a-net}, {@code nvidia/h100-sxm})
 * @param kind CPU, GPU or FPGA
 * @param summary its target figures on one line
 * @param resources for an FPGA board its published resources (DSPs, RAM blocks, logic, DDR, clock); else ""
 */
public record BoardInfo(String id, String kind, String summary, String resources) {}
