/*
 * Y = alpha * A B (+ beta * C) then the fused epilogue, for B contiguous along n. One work-item
 * computes MB rows x NVB * NV columns: per k, NVB vector loads of B's row and MB broadcast A
 * values feed MB * NVB vector multiply-adds. A(m, k) = A[aOff + m * sam + k * sak] (any layout,
 * so transA is a stride), B(k, n) = B[bOff + k * sbk + n]. Set by the compiler: MB, NV (1, 2, 4,
 * 8 or 16), NVB, HAS_C, EPI(v, m, n), EPI_PARAMS, and BATCH_PARAMS / BATCH_DECODE, which turn the
 * batch index into aOff and bOff (and the batch coordinates the epilogue reads). A work-item
 * takes mPerItem row blocks in turn, reusing its strip of B from cache.
 *
 * NDRange: (column blocks, row-block groups, batch).
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
#define NCOL (NV * NVB)

__kernel void KERNEL_NAME(const __global float* restrict A, const __global float* restrict B,
#if HAS_C
    const __global float* restrict Cm, const long scm, const long scn, const float beta,
#endif
    __global float* restrict Y, const int M, const int N, const int K, const long sam, const long sak,
    const long sbk, const float alpha, const int mPerItem BATCH_PARAMS EPI_PARAMS) {
  const int n0 = get_global_id(0) * NCOL;
  const long batch = get_global_id(2);
  BATCH_DECODE
  const __global float* b = B + bOff;
  __global float* y = Y + batch * M * N;
  const int rowBlocks = (M + MB - 1) / MB;
  const int rbEnd = min(rowBlocks, ((int)get_global_id(1) + 1) * mPerItem);
  for (int rb = get_global_id(1) * mPerItem; rb < rbEnd; rb++) {
    const int m0 = rb * MB;
    const __global float* ar[MB];
#pragma unroll
    for (int i = 0; i < MB; i++) {
      ar[i] = A + aOff + (long)min(m0 + i, M - 1) * sam;
    }
    VEC acc[MB][NVB];
#pragma unroll
    for (int i = 0; i < MB; i++) {
#pragma unroll
      for (int v = 0; v < NVB; v++) {
        acc[i][v] = 0.0f;
      }
    }
    if (n0 + NCOL <= N) {
      for (int k = 0; k < K; k++) {
        VEC bv[NVB];
#pragma unroll
        for (int v = 0; v < NVB; v++) {
          bv[v] = VLOAD(b + k * sbk + n0 + v * NV);
        }
#pragma unroll
        for (int i = 0; i < MB; i++) {
          const VEC av = (VEC)(ar[i][k * sak]);
#pragma unroll
          for (int v = 0; v < NVB; v++) {
            acc[i][v] = fma(av, bv[v], acc[i][v]);
          }
        }
      }
    } else {
      /* The last column block: clamped loads, the extra columns are never stored. */
      for (int k = 0; k < K; k++) {
        float t[NCOL];
#pragma unroll
        for (int j = 0; j < NCOL; j++) {
          t[j] = b[k * sbk + min(n0 + j, N - 1)];
        }
#pragma unroll
        for (int i = 0; i < MB; i++) {
          const VEC av = (VEC)(ar[i][k * sak]);
#pragma unroll
          for (int v = 0; v < NVB; v++) {
            acc[i][v] = fma(av, VLOAD(t + v * NV), acc[i][v]);
          }
        }
      }
    }
    for (int i = 0; i < MB && m0 + i < M; i++) {
      const int m = m0 + i;
      float t[NCOL];
#pragma unroll
      for (int v = 0; v < NVB; v++) {
        VSTORE(acc[i][v], t + v * NV);
      }
      for (int j = 0; j < NCOL && n0 + j < N; j++) {
        const int n = n0 + j;
        float r = alpha * t[j];
#if HAS_C
        r += beta * Cm[m * scm + n * scn];
#endif
        y[(long)m * N + n] = EPI(r, m, n);
      }
    }
  }
}
