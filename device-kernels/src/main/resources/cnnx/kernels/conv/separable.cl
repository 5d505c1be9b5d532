/*
 * A depthwise conv and the 1x1 conv that reads it, in one kernel (a separable conv block): the depthwise
 * outputs stay in registers. One work-item computes OB output channels of the 1x1 conv for VW consecutive
 * output x positions of one row: per input channel it forms the depthwise vector (its KH x KW taps, bias,
 * activation DW_ACT: 0 none, 1 Relu, 2 Clip to [DW_LO, DW_HI] with the comparisons DW_LO_CMP / DW_HI_CMP),
 * then adds it into the OB accumulators, each 1x1 weight a broadcast. Set by the compiler besides common.cl's
 * VW / HAS_BIAS (the 1x1's bias) / EPI (the 1x1's epilogue) and rows.cl's KH KW SH SW DH DW: OB, DW_BIAS.
 * Weights as ONNX stores them: depthwise [C][1][KH][KW], 1x1 [M][C][1][1].
 *
 * NDRange: (x blocks of VW, output rows, batch * channel blocks of OB). The output may be a channel slice of
 * a larger tensor (a Concat done in place): channel oc of image n is then YC0 + oc of YC.
 */
#if DW_ACT == 1
#define DW_ACTIVATE(d) d = select(d, (VEC)(0.0f), d < (VEC)(0.0f))
#elif DW_ACT == 2
#define DW_ACTIVATE(d) \
  d = select(d, (VEC)(DW_LO), d DW_LO_CMP (VEC)(DW_LO)); \
  d = select(d, (VEC)(DW_HI), d DW_HI_CMP (VEC)(DW_HI))
#else
#define DW_ACTIVATE(d)
#endif

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict wd,
#if DW_BIAS
    const __global float* restrict bd,
#endif
    const __global float* restrict wp,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int C, const int M, const int mBlocks, const int IH, const int IW,
    const int OH, const int OW, const int padH, const int padW, const int YC, const int YC0 EPI_PARAMS) {
  const int ox0 = get_global_id(0) * VW;
  const int oy = get_global_id(1);
  const int mb = get_global_id(2) % mBlocks;
  const int n = get_global_id(2) / mBlocks;
  const int oc0 = mb * OB;
  const int ix0 = ox0 * SW - padW;
  const int iy0 = oy * SH - padH;
  const bool inner = ix0 >= 0 && ix0 + XLOAD <= IW;
  const long plane = (long)IH * IW;
  /* Where the loads of an edge block stay inside the input tensor (batch * C planes). */
  const long tensor = (long)(get_global_size(2) / mBlocks) * C * plane;
  /* The last block's channels past M repeat channel M - 1 (computed, never stored). */
  int wrow[OB];
#pragma unroll
  for (int o = 0; o < OB; o++) {
    wrow[o] = min(oc0 + o, M - 1);
  }
  VEC acc[OB];
#pragma unroll
  for (int o = 0; o < OB; o++) {
    acc[o] = 0.0f;
  }
  for (int c = 0; c < C; c++) {
    const long nc = (long)n * C + c;
    const __global float* xc = x + nc * plane;
    const __global float* wk = wd + c * (KH * KW);
    VEC d = 0.0f;
#pragma unroll
    for (int ky = 0; ky < KH; ky++) {
      const int iy = iy0 + ky * DH;
      if (iy >= 0 && iy < IH) {
        const __global float* row = xc + (long)iy * IW;
        const long first = nc * plane + (long)iy * IW + ix0;
        VEC xk[KW];
        ROW_TAPS(row, ix0, inner, first, tensor, xk);
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          d = fma((VEC)(wk[ky * KW + kx]), xk[kx], d);
        }
      }
    }
#if DW_BIAS
    d += (VEC)(bd[c]);
#endif
    DW_ACTIVATE(d);
#pragma unroll
    for (int o = 0; o < OB; o++) {
      acc[o] = fma((VEC)(wp[(long)wrow[o] * C + c]), d, acc[o]);
    }
  }
#pragma unroll
  for (int o = 0; o < OB; o++) {
    const int oc = oc0 + o;
    if (oc < M) {
#if HAS_BIAS
      const float b = bias[oc];
#else
      const float b = 0.0f; /* no bias argument exists to read */
#endif
      __global float* yr = y + ((long)n * YC + YC0 + oc) * OH * OW + (long)oy * OW;
      float a[VW];
      VSTORE(acc[o], a);
      for (int i = 0; i < VW && ox0 + i < OW; i++) {
        yr[ox0 + i] = EPI(a[i] + b, n, oc, 0, oy, ox0 + i);
      }
    }
  }
}
