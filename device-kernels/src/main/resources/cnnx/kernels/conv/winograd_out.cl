/*
 * Winograd F(2x2, 3x3), output side: the 16 GEMM results of a tile, m[e][t][k] (laid out
 * [16][T][KP], planes MS floats apart), become its 2x2 outputs A^T m A, then bias and the fused epilogue. One work-item
 * takes 16 output channels (a float16 along k) of TO consecutive tiles of a tile row, transposes
 * them in private memory and stores each channel's two output rows as runs of 2 TO floats (outputs
 * past the last row or column are not stored). Set by the compiler: TO, HAS_BIAS, EPI,
 * EPI_PARAMS / EPI_ARGS. The output may be a channel slice of a larger tensor (a Concat done in
 * place): channel k of image n is then YC0 + k of YC.
 *
 * NDRange: (KP / 16, tile column blocks of TO, images * tile rows): the channel blocks of a tile
 * come one after the other, so each cache line of m, which holds several blocks' channels, is
 * fetched once (with the blocks outermost, a large layer read m from memory KP / 16 times).
 */
#if HAS_BIAS
#define BIAS(k) bias[k]
#else
#define BIAS(k) 0.0f /* no bias argument exists to read */
#endif
#define OX (2 * TO)

__kernel void KERNEL_NAME(const __global float* restrict m,
#if HAS_BIAS
    const __global float* restrict bias,
#endif
    __global float* restrict y, const int K, const int KP, const int OH, const int OW, const int TH,
    const int TW, const long MS, const int YC, const int YC0 EPI_PARAMS) {
  const int k0 = get_global_id(0) * 16;
  const int tx0 = get_global_id(1) * TO;
  const int tileRow = get_global_id(2);
  const int n = tileRow / TH;
  const int ty = tileRow % TH;
  /* o[kk][r][x]: channel k0 + kk at output row 2 ty + r, column 2 tx0 + x. */
  float o[16][2][OX];
  /* Not unrolled: the tiles are independent, and unrolling them made this program take PoCL 1-1.7 s to build. */
#pragma unroll 1
  for (int i = 0; i < TO; i++) {
    const long t = (long)tileRow * TW + min(tx0 + i, TW - 1);
    const __global float* mt = m + t * KP + k0;
    float16 q[16];
#pragma unroll
    for (int e = 0; e < 16; e++) {
      q[e] = vload16(0, mt + e * MS);
    }
    /* A^T m: rows. */
    float16 u[8];
#pragma unroll
    for (int s = 0; s < 4; s++) {
      u[0 * 4 + s] = q[0 * 4 + s] + q[1 * 4 + s] + q[2 * 4 + s];
      u[1 * 4 + s] = q[1 * 4 + s] - q[2 * 4 + s] - q[3 * 4 + s];
    }
    /* (A^T m) A: columns. */
#pragma unroll
    for (int r = 0; r < 2; r++) {
      float a[16];
      float b[16];
      vstore16(u[r * 4 + 0] + u[r * 4 + 1] + u[r * 4 + 2], 0, a);
      vstore16(u[r * 4 + 1] - u[r * 4 + 2] - u[r * 4 + 3], 0, b);
#pragma unroll
      for (int kk = 0; kk < 16; kk++) {
        o[kk][r][2 * i] = a[kk];
        o[kk][r][2 * i + 1] = b[kk];
      }
    }
  }
  const int ox0 = 2 * tx0;
  const bool full = ox0 + OX <= OW;
  for (int kk = 0; kk < 16 && k0 + kk < K; kk++) {
    const int k = k0 + kk;
    const float bk = BIAS(k);
    __global float* plane = y + ((long)n * YC + YC0 + k) * OH * OW;
#pragma unroll
    for (int r = 0; r < 2; r++) {
      const int oy = 2 * ty + r;
      if (oy < OH) {
        __global float* yr = plane + (long)oy * OW + ox0;
        if (full) {
          /* Unconditional, so the epilogues and stores combine into vector ones. */
#pragma unroll
          for (int xi = 0; xi < OX; xi++) {
            yr[xi] = EPI(o[kk][r][xi] + bk, n, k, 0, oy, ox0 + xi);
          }
        } else {
          for (int xi = 0; xi < OW - ox0; xi++) {
            yr[xi] = EPI(o[kk][r][xi] + bk, n, k, 0, oy, ox0 + xi);
          }
        }
      }
    }
  }
}
