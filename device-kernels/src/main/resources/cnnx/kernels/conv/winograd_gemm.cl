/*
 * Winograd F(2x2, 3x3), the 16 products: for each transformed element e, m[e][t][k] = sum over c of
 * u[e][k][c] v[e][c][t] (v's and m's elements VS and MS floats apart). One work-item accumulates KB = NV * 16 channels (float16 vectors, u packed
 * as [e][channel block][C][KB], channels past K zero) for TB consecutive tiles, each v a broadcast:
 * NV loads and TB broadcasts feed NV * TB multiply-adds per input channel. Results leave as whole
 * vectors, m laid out [16][T][KP] with KP = channel blocks * KB (each e's plane MS floats apart). Set by the compiler: NV, TB,
 * PREFETCH (1 on CPU targets: the weights are then asked for pfAhead channels ahead when that argument is above 0).
 *
 * NDRange: (tile blocks of TB, 1, 16 * channel blocks).
 */
#define KB (NV * 16)

#ifndef PREFETCH
#define PREFETCH 0
#endif
#if PREFETCH
/* Asks for the weights pfAhead channels on, one 64-byte line per vector (clang's builtin: CPU targets only). */
#define GEMM_PREFETCH(c) \
  if (pfAhead > 0 && (c) + pfAhead < C) { \
    _Pragma("unroll") for (int j = 0; j < NV; j++) { \
      __builtin_prefetch(ue + (long)((c) + pfAhead) * KB + j * 16); \
    } \
  }
#else
#define GEMM_PREFETCH(c)
#endif

#define GEMM_LOOP(LOAD) \
  for (int c = 0; c < C; c++) { \
    GEMM_PREFETCH(c) \
    float16 wv[NV]; \
    _Pragma("unroll") for (int j = 0; j < NV; j++) { \
      wv[j] = vload16(0, ue + (long)c * KB + j * 16); \
    } \
    const __global float* vr = ve + (long)c * T; \
    _Pragma("unroll") for (int i = 0; i < TB; i++) { \
      const float16 xv = (float16)(LOAD); \
      _Pragma("unroll") for (int j = 0; j < NV; j++) { \
        acc[j][i] = fma(wv[j], xv, acc[j][i]); \
      } \
    } \
  }

__kernel void KERNEL_NAME(const __global float* restrict v, const __global float* restrict u,
    __global float* restrict m, const int C, const int T, const int kBlocks, const long VS, const long MS, const int pfAhead) {
  const int t0 = get_global_id(0) * TB;
  const int e = get_global_id(2) / kBlocks;
  const int kb = get_global_id(2) % kBlocks;
  const __global float* ve = v + e * VS + t0;
  const __global float* ue = u + ((long)e * kBlocks + kb) * C * KB;
  float16 acc[NV][TB];
#pragma unroll
  for (int j = 0; j < NV; j++) {
#pragma unroll
    for (int i = 0; i < TB; i++) {
      acc[j][i] = 0.0f;
    }
  }
  const int live = min(TB, T - t0);
  if (live == TB) {
    GEMM_LOOP(vr[i]);
  } else {
    /* The last block: tiles past T read tile T - 1 (computed, never stored). */
    GEMM_LOOP(vr[min(i, live - 1)]);
  }
  __global float* out = m + e * MS + (long)t0 * (kBlocks * KB) + kb * KB;
#pragma unroll
  for (int i = 0; i < TB; i++) {
    if (i < live) {
#pragma unroll
      for (int j = 0; j < NV; j++) {
        vstore16(acc[j][i], 0, out + (long)i * (kBlocks * KB) + j * 16);
      }
    }
  }
}
