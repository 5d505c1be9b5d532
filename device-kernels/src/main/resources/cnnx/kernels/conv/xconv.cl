/*
 * 2-D convolution with few input channels per group (a network's first layers), vectorised along
 * x: one work-item computes MC output channels x one float vector of VW consecutive output x
 * positions of one output row. Each tap's input vector is gathered once (rows.cl) and meets that
 * tap's MC weights as broadcast scalars, so every channel's outputs leave as a whole vector. (The
 * channel-vector template stores one scalar per channel and position: with only Cg x taps
 * multiply-adds per output, those stores cost as much as the arithmetic.) Set by the compiler
 * besides common.cl's VW / HAS_BIAS / EPI: MC, KH KW, SH SW, DH DW. Weights arrive packed as
 * [group][channel block][Cg][KH][KW][MC] (conv/pack.cl with ocb = MC), zero past a group's Mg.
 *
 * NDRange: (x blocks of VW, output rows, batch * groups * channel blocks). The output may be a
 * channel slice of a larger tensor (a Concat done in place): channel oc of image n is then
 * YC0 + oc of YC.
 */
#if HAS_BIAS
#define BIAS(oc) bias[oc]
#else
#define BIAS(oc) 0.0f /* no bias argument exists to read */
#endif

/* Kernel column kx's MC weights (wt) into every accumulator, with the column's input vector xv. */
#define TAP_FMAS(wt, xv) \
  _Pragma("unroll") for (int o = 0; o < MC; o++) { \
    acc[o] = fma((VEC)((wt)[o]), xv, acc[o]); \
  }

/*
 * TAP_FMAS for a block whose window leaves the row: lanes whose input (kernel column kx) lies in
 * the padding keep their sum, as the reference skips such taps, so an infinite or NaN weight there
 * cannot turn them into NaN (zero times inf would).
 */
#define EDGE_TAP_FMAS(wt, xv, kx) \
  { \
    const IVEC ix_ = ix0 + (kx) * DW + IOTA * SW; \
    const IVEC in_ = (ix_ >= 0) & (ix_ < IW); \
    _Pragma("unroll") for (int o = 0; o < MC; o++) { \
      acc[o] = select(acc[o], fma((VEC)((wt)[o]), xv, acc[o]), in_); \
    } \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict w,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int G, const int Cg, const int Mg, const int mBlocks, const int IH,
    const int IW, const int OH, const int OW, const int padH, const int padW, const int YC,
    const int YC0 EPI_PARAMS) {
  const int ox0 = get_global_id(0) * VW;
  const int oy = get_global_id(1);
  const int task = get_global_id(2);
  const int mb = task % mBlocks;
  const int g = (task / mBlocks) % G;
  const int n = task / (mBlocks * G);
  const long plane = (long)IH * IW;
  const long xOffset = ((long)n * G + g) * Cg * plane;
  const __global float* wg = w + (long)(g * mBlocks + mb) * Cg * (KH * KW * MC);
  const int ix0 = ox0 * SW - padW;
  const int iy0 = oy * SH - padH;
  const bool inner = ix0 >= 0 && ix0 + XLOAD <= IW;
  const long tensor = (long)(get_global_size(2) / mBlocks) * Cg * plane;
  VEC acc[MC];
#pragma unroll
  for (int o = 0; o < MC; o++) {
    acc[o] = 0.0f;
  }
  for (int ci = 0; ci < Cg; ci++) {
    /* Rolled: unrolling the kernel rows would multiply PoCL's build time. */
#pragma unroll 1
    for (int ky = 0; ky < KH; ky++) {
      const int iy = iy0 + ky * DH;
      if (iy < 0 || iy >= IH) {
        continue;
      }
      const long first = xOffset + ci * plane + (long)iy * IW + ix0;
      const __global float* row = x + (first - ix0);
      const __global float* xr = row + ix0;
      const __global float* wr = wg + (ci * KH + ky) * (KW * MC);
      if (inner) {
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          VEC xv;
          GATHER(xr, kx, xv);
          TAP_FMAS(wr + kx * MC, xv);
        }
      } else if (first >= 0 && first + XLOAD <= tensor) {
#pragma unroll
        for (int kx = 0; kx < KW; kx++) {
          VEC xv;
          MASKED_GATHER(xr, ix0, kx, xv);
          EDGE_TAP_FMAS(wr + kx * MC, xv, kx);
        }
      } else {
        /* The tensor's first or last row: scalar loads, clamped into the row; padding reads as zero. */
#pragma unroll 1
        for (int kx = 0; kx < KW; kx++) {
          float t[VW];
#pragma unroll 1
          for (int i = 0; i < VW; i++) {
            const int ix = ix0 + i * SW + kx * DW;
            const float v = row[clamp(ix, 0, IW - 1)];
            t[i] = (ix >= 0 && ix < IW) ? v : 0.0f;
          }
          const VEC xv = VLOAD(t);
          EDGE_TAP_FMAS(wr + kx * MC, xv, kx);
        }
      }
    }
  }
  /* The accumulators leave their registers once, so the store loop can stay rolled: one copy of
     the epilogue's vectorised lanes builds several times faster than MC copies. */
  float a[MC * VW];
#pragma unroll
  for (int o = 0; o < MC; o++) {
    VSTORE(acc[o], a + o * VW);
  }
  const int oc0 = g * Mg + mb * MC;
  __global float* yr = y + ((long)n * YC + YC0 + oc0) * OH * OW + (long)oy * OW + ox0;
#pragma unroll 1
  for (int o = 0; o < MC && mb * MC + o < Mg; o++) {
    const float b = BIAS(oc0 + o);
    const float* ao = a + o * VW;
    __global float* yo = yr + (long)o * OH * OW;
    if (ox0 + VW <= OW) {
      /* Unconditional, so the lanes' epilogues and stores combine into vector ones. */
#pragma unroll
      for (int i = 0; i < VW; i++) {
        yo[i] = EPI(ao[i] + b, n, oc0 + o, 0, oy, ox0 + i);
      }
    } else {
      for (int i = 0; ox0 + i < OW; i++) {
        yo[i] = EPI(ao[i] + b, n, oc0 + o, 0, oy, ox0 + i);
      }
    }
  }
}
