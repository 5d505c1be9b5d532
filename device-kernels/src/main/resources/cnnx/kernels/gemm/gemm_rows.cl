/*
 * Y = alpha * A B (+ beta * C) then the fused epilogue, for B contiguous along n. One work-item
 * computes MB rows x NV columns: per k, one vector load of B's row and MB scalar A values.
 * A(m, k) = A[aOff + m * sam + k * sak] (any layout, so transA is a stride), B(k, n) =
 * B[bOff + k * sbk + n]. Set by the compiler: MB, NV (1, 2, 4, 8 or 16), HAS_C, EPI(v, m, n),
 * EPI_PARAMS, and BATCH_PARAMS / BATCH_DECODE, which turn the batch index into aOff and bOff
 * (and the batch coordinates the epilogue reads).
 *
 * NDRange: (column blocks, row blocks, batch).
 */
#if NV == 1
#define VEC float
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
#define CNNX_CAT_(a, b) a##b
#define CNNX_CAT(a, b) CNNX_CAT_(a, b)
#define VEC CNNX_CAT(float, NV)
#define VLOAD(p) CNNX_CAT(vload, NV)(0, p)
#define VSTORE(v, p) CNNX_CAT(vstore, NV)(v, 0, p)
#endif

__kernel void KERNEL_NAME(const __global float* restrict A, const __global float* restrict B,
#if HAS_C
    const __global float* restrict Cm, const long scm, const long scn, const float beta,
#endif
    __global float* restrict Y, const int M, const int N, const int K, const long sam, const long sak,
    const long sbk, const float alpha BATCH_PARAMS EPI_PARAMS) {
  const int n0 = get_global_id(0) * NV;
  const int m0 = get_global_id(1) * MB;
  const long batch = get_global_id(2);
  BATCH_DECODE
  const __global float* ar[MB];
#pragma unroll
  for (int i = 0; i < MB; i++) {
    ar[i] = A + aOff + (long)min(m0 + i, M - 1) * sam;
  }
  const __global float* b = B + bOff;
  VEC acc[MB];
#pragma unroll
  for (int i = 0; i < MB; i++) {
    acc[i] = 0.0f;
  }
  if (n0 + NV <= N) {
    for (int k = 0; k < K; k++) {
      const VEC bv = VLOAD(b + k * sbk + n0);
#pragma unroll
      for (int i = 0; i < MB; i++) {
        acc[i] = fma((VEC)(ar[i][k * sak]), bv, acc[i]);
      }
    }
  } else {
    /* The last column block: clamped loads, the extra columns are never stored. */
    for (int k = 0; k < K; k++) {
      float t[NV];
#pragma unroll
      for (int j = 0; j < NV; j++) {
        t[j] = b[k * sbk + min(n0 + j, N - 1)];
      }
      const VEC bv = VLOAD(t);
#pragma unroll
      for (int i = 0; i < MB; i++) {
        acc[i] = fma((VEC)(ar[i][k * sak]), bv, acc[i]);
      }
    }
  }
  __global float* y = Y + batch * M * N;
  for (int i = 0; i < MB && m0 + i < M; i++) {
    const int m = m0 + i;
    float t[NV];
    VSTORE(acc[i], t);
    for (int j = 0; j < NV && n0 + j < N; j++) {
      const int n = n0 + j;
      float v = alpha * t[j];
#if HAS_C
      v += beta * Cm[m * scm + n * scn];
#endif
      y[(long)m * N + n] = EPI(v, m, n);
    }
  }
}
