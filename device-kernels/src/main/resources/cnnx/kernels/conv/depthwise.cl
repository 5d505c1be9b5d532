/*
 * Depthwise 2-D convolution (one input channel per output channel), vectorised along x: one
 * work-item computes VW consecutive output x positions (one float vector) of YB output rows of one
 * channel, so each input row it loads serves every kernel row that reads it. Set by the compiler
 * besides common.cl's VW / HAS_BIAS / EPI: KH KW (kernel), SH SW (strides), DH DW (dilations), YB.
 * Weights arrive as ONNX stores them: [C][1][KH][KW].
 *
 * NDRange: (x blocks of VW, row blocks of YB, batch * channels). The output may be a channel slice
 * of a larger tensor (a Concat done in place): channel c of image n is then YC0 + c of YC.
 */
#define RIN ((YB - 1) * SH + (KH - 1) * DH + 1)

/* Input row r of the block (its KW vectors xk) into every output row j that reads it (ky = (r - j SH) / DH). */
#define ROW_INTO_ACC(xk, r) \
  _Pragma("unroll") for (int j = 0; j < YB; j++) { \
    const int dy = (r) - j * SH; \
    if (dy >= 0 && dy % DH == 0 && dy / DH < KH) { \
      const int ky = dy / DH; \
      _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
        acc[j] = fma((VEC)(wk[ky * KW + kx]), xk[kx], acc[j]); \
      } \
    } \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict w,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int C, const int IH, const int IW, const int OH, const int OW,
    const int padH, const int padW, const int YC, const int YC0 EPI_PARAMS) {
  const int ox0 = get_global_id(0) * VW;
  const int oy0 = get_global_id(1) * YB;
  const int nc = get_global_id(2);
  const int c = nc % C;
  const int n = nc / C;
  const __global float* xc = x + (long)nc * IH * IW;
  float wk[KH * KW];
#pragma unroll
  for (int k = 0; k < KH * KW; k++) {
    wk[k] = w[c * (KH * KW) + k];
  }
  VEC acc[YB];
#pragma unroll
  for (int j = 0; j < YB; j++) {
    acc[j] = 0.0f;
  }
  const int ix0 = ox0 * SW - padW;
  const int iy0 = oy0 * SH - padH;
  const bool inner = ix0 >= 0 && ix0 + XLOAD <= IW;
  /* Where the loads of an edge block stay inside the tensor (all but its first and last rows). */
  const long plane = (long)IH * IW;
  const long tensor = (long)get_global_size(2) * plane;
#pragma unroll
  for (int r = 0; r < RIN; r++) {
    const int iy = iy0 + r;
    if (iy >= 0 && iy < IH) {
      const __global float* row = xc + (long)iy * IW;
      const long first = nc * plane + (long)iy * IW + ix0;
      /* Each input row is gathered once, then serves every output row that reads it. */
      VEC xk[KW];
      ROW_TAPS(row, ix0, inner, first, tensor, xk);
      ROW_INTO_ACC(xk, r);
    }
  }
#if HAS_BIAS
  const float b = bias[c];
#else
  const float b = 0.0f; /* no bias argument exists to read */
#endif
  __global float* yc = y + ((long)n * YC + YC0 + c) * OH * OW;
#pragma unroll
  for (int j = 0; j < YB; j++) {
    const int oy = oy0 + j;
    if (oy < OH) {
      float a[VW];
      VSTORE(acc[j], a);
      if (ox0 + VW <= OW) {
#pragma unroll
        for (int i = 0; i < VW; i++) {
          yc[(long)oy * OW + ox0 + i] = EPI(a[i] + b, n, c, 0, oy, ox0 + i);
        }
      } else {
        for (int i = 0; i < VW && ox0 + i < OW; i++) {
          yc[(long)oy * OW + ox0 + i] = EPI(a[i] + b, n, c, 0, oy, ox0 + i);
        }
      }
    }
  }
}
