/*
 * Direct convolution, 1-D to 3-D (widened to 3 spatial axes), grouped, strided, dilated, padded.
 * One work-item computes OCB output channels x XB consecutive output x positions with float
 * vector accumulators. Set by the compiler besides common.cl's macros: KD KH KW (kernel),
 * SD SH SW (strides), DD DH DW (dilations), POOL (0: none, 1: max, 2: average over
 * non-overlapping PKD x PKH x PKW windows, XB then being a multiple of PKW), EDGES (1 when the
 * padding along x touches only the first block's first EDGE_L inputs and the last block's last
 * EDGE_R: then every block reads its row directly and skips the padding taps at compile time).
 *
 * NDRange: (x blocks, output rows D*H, batch * groups * channel blocks); with a pool the first
 * two count pooled outputs. The output may be a channel slice of a larger tensor (a Concat done in
 * place): its channels then start at YC0 of YC per image; alone, YC = M and YC0 = 0.
 */
#define XIN ((XB - 1) * SW + (KW - 1) * DW + 1)
#ifndef PREFETCH
#define PREFETCH 0
#endif
#define TAPS (KD * KH * KW)

/* One kernel row's taps: every weight vector meets XB inputs (src[0 .. XIN)). */
#define ROW_FMAS(src) \
  _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
    VEC wv[NV]; \
    _Pragma("unroll") for (int v = 0; v < NV; v++) { \
      wv[v] = VLOAD(wr + kx * OCB + v * VW); \
    } \
    _Pragma("unroll") for (int i = 0; i < XB; i++) { \
      const VEC xv = (VEC)((src)[i * SW + kx * DW]); \
      _Pragma("unroll") for (int v = 0; v < NV; v++) { \
        acc[v][i] = fma(wv[v], xv, acc[v][i]); \
      } \
    } \
  }

/* ROW_FMAS without the taps that read the first L or last R of src[0 .. XIN) (padding). */
#define ROW_FMAS_CLIPPED(src, L, R) \
  _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
    VEC wv[NV]; \
    _Pragma("unroll") for (int v = 0; v < NV; v++) { \
      wv[v] = VLOAD(wr + kx * OCB + v * VW); \
    } \
    _Pragma("unroll") for (int i = 0; i < XB; i++) { \
      if (i * SW + kx * DW >= (L) && i * SW + kx * DW < XIN - (R)) { \
        const VEC xv = (VEC)((src)[i * SW + kx * DW]); \
        _Pragma("unroll") for (int v = 0; v < NV; v++) { \
          acc[v][i] = fma(wv[v], xv, acc[v][i]); \
        } \
      } \
    } \
  }

/*
 * Accumulates the window sums of XB x positions whose first input x is ix0; edge: bit 0 for the
 * row's first block, bit 1 for its last.
 */
__attribute__((always_inline)) inline void conv_row(const __global float* restrict xg, const __global float* restrict wg, const int Cg,
    const int ID, const int IH, const int IW, const int iz0, const int iy0, const int ix0, const int edge,
    VEC acc[NV][XB], const int pfAhead) {
  const long plane = (long)IH * IW;
  const bool inner = ix0 >= 0 && ix0 + XIN <= IW;
  for (int ci = 0; ci < Cg; ci++) {
    const __global float* xc = xg + (long)ci * ID * plane;
    const __global float* wc = wg + (long)ci * (TAPS * OCB);
#if PREFETCH
    if (pfAhead > 0 && ci + pfAhead < Cg) {
      /* One request per 64-byte line of a later channel's weights, clang's builtin (CPU targets only). */
      for (int l = 0; l < TAPS * OCB; l += 16) {
        __builtin_prefetch(wc + (long)pfAhead * (TAPS * OCB) + l);
      }
    }
#endif
#pragma unroll
    for (int kz = 0; kz < KD; kz++) {
      const int iz = iz0 + kz * DD;
      if (iz < 0 || iz >= ID) {
        continue;
      }
/* Kernel rows stay a loop: unrolling them multiplied PoCL's build time (conv1 7x7 of ResNet-18: 2.2 s -> 0.4 s
   rolled) and ran no faster. */
#pragma unroll 1
      for (int ky = 0; ky < KH; ky++) {
        const int iy = iy0 + ky * DH;
        if (iy < 0 || iy >= IH) {
          continue;
        }
        const __global float* row = xc + iz * plane + (long)iy * IW;
        const __global float* wr = wc + (kz * KH + ky) * (KW * OCB);
#if EDGES
        const __global float* xr = row + ix0;
        if (edge == 0) {
          ROW_FMAS_CLIPPED(xr, 0, 0);
        } else if (edge == 1) {
          ROW_FMAS_CLIPPED(xr, EDGE_L, 0);
        } else if (edge == 2) {
          ROW_FMAS_CLIPPED(xr, 0, EDGE_R);
        } else {
          ROW_FMAS_CLIPPED(xr, EDGE_L, EDGE_R);
        }
#else
        if (inner) {
          /* Broadcast loads straight from the row. */
          const __global float* xr = row + ix0;
          ROW_FMAS(xr);
        } else {
          /* Clamped loads stay in bounds; padding reads as zero. */
          float xin[XIN];
#pragma unroll
          for (int t = 0; t < XIN; t++) {
            const int ix = ix0 + t;
            const float v = row[clamp(ix, 0, IW - 1)];
            xin[t] = (ix >= 0 && ix < IW) ? v : 0.0f;
          }
          ROW_FMAS(xin);
        }
#endif
      }
    }
  }
}

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict w,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int C, const int G, const int Cg, const int Mg, const int mBlocks,
    const int ID, const int IH, const int IW, const int OD, const int OH, const int OW,
    const int YD, const int YH, const int YW, const int padD, const int padH, const int padW,
    const int YC, const int YC0, const int pfAhead EPI_PARAMS) {
#if !HAS_BIAS
  const __global float* bias = 0;
#endif
  const int xb = get_global_id(0);
  const int rowIndex = get_global_id(1);
  const int task = get_global_id(2);
  const int mb = task % mBlocks;
  const int g = (task / mBlocks) % G;
  const int n = task / (mBlocks * G);
  /* Stores address channel oc of image n at (n * YC + YC0 + oc); the epilogue still sees oc. */
  y += (long)YC0 * YD * YH * YW;
  const int yz = rowIndex / YH;
  const int yy = rowIndex % YH;
  const __global float* xg = x + ((long)n * C + (long)g * Cg) * ID * IH * IW;
  const __global float* wg = w + (long)(g * mBlocks + mb) * Cg * (TAPS * OCB);
  const int ocFirst = g * Mg + mb * OCB;
  const int ocCount = Mg - mb * OCB;
  const int ox0 = xb * XB;
#if POOL == 0
  const int xBlocks = (OW + XB - 1) / XB;
#else
  const int xBlocks = (YW + XB / PKW - 1) / (XB / PKW);
#endif
  const int edge = (xb == 0 ? 1 : 0) | (xb == xBlocks - 1 ? 2 : 0);
  VEC acc[NV][XB];
#if POOL == 0
  ZERO_ACC();
  conv_row(xg, wg, Cg, ID, IH, IW, yz * SD - padD, yy * SH - padH, ox0 * SW - padW, edge, acc, pfAhead);
  store_block(y, bias, acc, n, YC, ocFirst, ocCount, yz, yy, ox0, OD, OH, OW EPI_ARGS);
#else
  /*
   * Each conv output of the block is computed once and folded into its pool window. The bias and epilogue run per
   * element (as store_block's), the pooling on whole channel vectors: a scalar loop over every channel and position
   * made the fused launch 1.5-2.4x slower than the conv and a separate pool launch together.
   */
#define PXB (XB / PKW)
  VEC pooled[NV][PXB];
#pragma unroll
  for (int v = 0; v < NV; v++) {
#pragma unroll
    for (int i = 0; i < PXB; i++) {
      pooled[v][i] = (VEC)(POOL == 1 ? -FLT_MAX : 0.0f);
    }
  }
  float a[XB * OCB];
  for (int wz = 0; wz < PKD; wz++) {
    for (int wy = 0; wy < PKH; wy++) {
      const int oz = yz * PKD + wz;
      const int oy = yy * PKH + wy;
      ZERO_ACC();
      conv_row(xg, wg, Cg, ID, IH, IW, oz * SD - padD, oy * SH - padH, ox0 * SW - padW, edge, acc, pfAhead);
      STORE_ACC(a);
      for (int j = 0; j < OCB && j < ocCount; j++) {
        const int oc = ocFirst + j;
        const float b = HAS_BIAS ? bias[oc] : 0.0f;
        for (int i = 0; i < XB; i++) {
          const int ox = ox0 + i;
          if (ox < YW * PKW) {
            a[i * OCB + j] = EPI(a[i * OCB + j] + b, n, oc, oz, oy, ox);
          }
        }
      }
#pragma unroll
      for (int i = 0; i < XB; i++) {
        if (ox0 + i < YW * PKW) {
#pragma unroll
          for (int v = 0; v < NV; v++) {
            const VEC t = VLOAD(a + i * OCB + v * VW);
            const VEC p = pooled[v][i / PKW];
#if POOL == 1
            /* As the reference and ONNX Runtime: from the lowest float, a larger tap or a NaN replaces the best,
               and any tap replaces a NaN. */
            pooled[v][i / PKW] = select(p, t, isgreater(t, p) | isnan(t) | isnan(p));
#else
            pooled[v][i / PKW] = p + t;
#endif
          }
        }
      }
    }
  }
  float q[PXB * OCB];
#pragma unroll
  for (int v = 0; v < NV; v++) {
#pragma unroll
    for (int i = 0; i < PXB; i++) {
      VSTORE(POOL == 1 ? pooled[v][i] : pooled[v][i] * (1.0f / (PKD * PKH * PKW)), q + i * OCB + v * VW);
    }
  }
  for (int j = 0; j < OCB && j < ocCount; j++) {
    const int oc = ocFirst + j;
    __global float* row = y + (((long)n * YC + oc) * YD + yz) * YH * YW + (long)yy * YW;
    for (int i = 0; i < PXB; i++) {
      const int px = xb * PXB + i;
      if (px < YW) {
        row[px] = q[i * OCB + j];
      }
    }
  }
#endif
}
