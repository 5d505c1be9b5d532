/*
 * 1x1 convolution (stride 1, no padding, one group) with vectors along the pixels: one work-item
 * computes OB output channels x PV vectors of VW consecutive pixels (the plane taken flat) of one
 * image, each weight a broadcast scalar, so every output channel's run is stored contiguously (the
 * channel-vector template stores one scalar per channel and pixel, which bound layers with few
 * input channels). Set by the compiler besides common.cl's VW / HAS_BIAS / EPI: OB, PV.
 * Weights arrive as ONNX stores them: [M][C][1][1].
 *
 * NDRange: (pixel blocks of PV * VW, 1, batch * channel blocks). The output may be a channel slice
 * of a larger tensor (a Concat done in place): channel oc of image n is then YC0 + oc of YC.
 */
#define PB (PV * VW)

/* Bias, epilogue and store of the block's pixels p for which `keep` holds. */
#if HAS_BIAS
#define BIAS(oc) bias[oc]
#else
#define BIAS(oc) 0.0f /* no bias argument exists to read */
#endif
#define STORE_BLOCK(keep) \
  _Pragma("unroll") for (int o = 0; o < OB; o++) { \
    const int oc = oc0 + o; \
    if (oc < M) { \
      const float b = BIAS(oc); \
      __global float* yr = y + ((long)n * YC + YC0 + oc) * P + pix0; \
      _Pragma("unroll") for (int k = 0; k < PV; k++) { \
        float a[VW]; \
        VSTORE(acc[o][k], a); \
        _Pragma("unroll") for (int i = 0; i < VW; i++) { \
          const int p = pix0 + k * VW + i; \
          if (keep) { \
            yr[k * VW + i] = EPI(a[i] + b, n, oc, 0, p / OW, p % OW); \
          } \
        } \
      } \
    } \
  }

/* Every output channel of the block takes input channel ci's PV vectors xv. */
#define FMA_CHANNEL(ci, xv) \
  _Pragma("unroll") for (int o = 0; o < OB; o++) { \
    const VEC wv = (VEC)(w[(long)wrow[o] * C + (ci)]); \
    _Pragma("unroll") for (int k = 0; k < PV; k++) { \
      acc[o][k] = fma(wv, xv[k], acc[o][k]); \
    } \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, const __global float* restrict w,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int C, const int M, const int mBlocks, const int OH, const int OW,
    const int YC, const int YC0 EPI_PARAMS) {
  const int P = OH * OW;
  const int pix0 = get_global_id(0) * PB;
  const int mb = get_global_id(2) % mBlocks;
  const int n = get_global_id(2) / mBlocks;
  const int oc0 = mb * OB;
  const __global float* xn = x + (long)n * C * P + pix0;
  /* The last block's channels past M repeat channel M - 1 (computed, never stored). */
  int wrow[OB];
#pragma unroll
  for (int o = 0; o < OB; o++) {
    wrow[o] = min(oc0 + o, M - 1);
  }
  VEC acc[OB][PV];
#pragma unroll
  for (int o = 0; o < OB; o++) {
#pragma unroll
    for (int k = 0; k < PV; k++) {
      acc[o][k] = 0.0f;
    }
  }
  const bool full = pix0 + PB <= P;
  if (full) {
    for (int ci = 0; ci < C; ci++) {
      const __global float* xr = xn + (long)ci * P;
      VEC xv[PV];
#pragma unroll
      for (int k = 0; k < PV; k++) {
        xv[k] = VLOAD(xr + k * VW);
      }
      FMA_CHANNEL(ci, xv);
    }
  } else {
    /* The plane's last block: pixels past its end read as zero (their results are not stored). */
    for (int ci = 0; ci < C; ci++) {
      const __global float* xr = xn + (long)ci * P;
      VEC xv[PV];
#pragma unroll
      for (int k = 0; k < PV; k++) {
        float t[VW];
#pragma unroll
        for (int i = 0; i < VW; i++) {
          t[i] = pix0 + k * VW + i < P ? xr[k * VW + i] : 0.0f;
        }
        xv[k] = VLOAD(t);
      }
      FMA_CHANNEL(ci, xv);
    }
  }
  if (full) {
    /* Unconditional, so the lanes' epilogues and stores combine into vector ones. */
    STORE_BLOCK(1);
  } else {
    STORE_BLOCK(p < P);
  }
}
