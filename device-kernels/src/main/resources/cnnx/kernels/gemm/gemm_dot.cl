/*
 * Y = alpha * A B (+ beta * C) then the fused epilogue, for B contiguous along k (Gemm with
 * transB: fully connected weights as N x K). One work-item computes MB x NB outputs as dot
 * products, eight k at a time in float8 accumulators, the tail of K scalar. A(m, k) =
 * A[aOff + m * sam + k * sak] (vector loads when A_CONTIG, i.e. sak == 1), B(k, n) =
 * B[bOff + k + n * sbn]. Macros as in gemm_rows.cl plus MB, NB, A_CONTIG. A work-item takes
 * mPerItem row blocks in turn, so its NB columns of B are read from cache after the first.
 *
 * NDRange: (column blocks, row-block groups, batch).
 */
__kernel void KERNEL_NAME(const __global float* restrict A, const __global float* restrict B,
#if HAS_C
    const __global float* restrict Cm, const long scm, const long scn, const float beta,
#endif
    __global float* restrict Y, const int M, const int N, const int K, const long sam, const long sak,
    const long sbn, const float alpha, const int mPerItem BATCH_PARAMS EPI_PARAMS) {
  const int n0 = get_global_id(0) * NB;
  const long batch = get_global_id(2);
  BATCH_DECODE
  const __global float* bc[NB];
#pragma unroll
  for (int j = 0; j < NB; j++) {
    bc[j] = B + bOff + (long)min(n0 + j, N - 1) * sbn;
  }
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
    float8 acc[MB][NB];
#pragma unroll
    for (int i = 0; i < MB; i++) {
#pragma unroll
      for (int j = 0; j < NB; j++) {
        acc[i][j] = 0.0f;
      }
    }
    int k = 0;
    for (; k + 8 <= K; k += 8) {
      float8 av[MB];
#pragma unroll
      for (int i = 0; i < MB; i++) {
#if A_CONTIG
        av[i] = vload8(0, ar[i] + k);
#else
        const __global float* p = ar[i] + k * sak;
        av[i] = (float8)(p[0], p[sak], p[2 * sak], p[3 * sak], p[4 * sak], p[5 * sak], p[6 * sak], p[7 * sak]);
#endif
      }
#pragma unroll
      for (int j = 0; j < NB; j++) {
        const float8 bv = vload8(0, bc[j] + k);
#pragma unroll
        for (int i = 0; i < MB; i++) {
          acc[i][j] = fma(av[i], bv, acc[i][j]);
        }
      }
    }
    float s[MB][NB];
#pragma unroll
    for (int i = 0; i < MB; i++) {
#pragma unroll
      for (int j = 0; j < NB; j++) {
        const float4 h = acc[i][j].lo + acc[i][j].hi;
        s[i][j] = (h.s0 + h.s1) + (h.s2 + h.s3);
      }
    }
    for (; k < K; k++) {
#pragma unroll
      for (int i = 0; i < MB; i++) {
        const float a = ar[i][k * sak];
#pragma unroll
        for (int j = 0; j < NB; j++) {
          s[i][j] = fma(a, bc[j][k], s[i][j]);
        }
      }
    }
    for (int i = 0; i < MB && m0 + i < M; i++) {
      const int m = m0 + i;
      for (int j = 0; j < NB && n0 + j < N; j++) {
        const int n = n0 + j;
        float v = alpha * s[i][j];
#if HAS_C
        v += beta * Cm[m * scm + n * scn];
#endif
        y[(long)m * N + n] = EPI(v, m, n);
      }
    }
  }
}
