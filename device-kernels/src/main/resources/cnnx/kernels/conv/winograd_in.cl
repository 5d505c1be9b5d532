/*
 * Winograd F(2x2, 3x3), input side: each 4x4 input tile d (stride 2, padding read as zero) becomes
 * V = B^T d B, element e of tile t of channel c stored at v[e * VS + c * T + t], so the 16 GEMMs
 * that follow read each element's tiles as one row (VS, a little over C * T, keeps the 16 planes
 * off one cache set: at a multiple of 4096 bytes apart they evicted each other). Tiles are numbered over (image, tile row,
 * tile column). One work-item transforms TV consecutive tiles of a tile row of one channel, lane
 * by lane in a float vector: each of the 4 input rows is read once as a span of 2 TV + 2 floats,
 * whose even and odd elements are the tiles' columns (shuffled into vectors); it does so for CI
 * channels in turn (on a CPU each work-item is a work-group, and fewer, longer ones cost less to
 * schedule). Set by the compiler: TV (4, 8 or 16), CI, and the row's geometry IW (input width),
 * TW (tiles per row), PADW (left padding), LAST_TX0 (the row's last block's first tile), so that
 * the first and last blocks, which meet the padding, read their spans with no tests.
 *
 * NDRange: (tile column blocks of TV, images * tile rows, channel blocks of CI).
 */
#define CNNX_CAT_(a, b) a##b
#define CNNX_CAT(a, b) CNNX_CAT_(a, b)
#define TVEC CNNX_CAT(float, TV)
#define TLOAD(p) CNNX_CAT(vload, TV)(0, p)
#define TSTORE(v, p) CNNX_CAT(vstore, TV)(v, 0, p)
#define SPAN (2 * TV + 2)
#if TV == 16
#define EVENS (uint16)(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
#define ODDS (uint16)(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31)
#elif TV == 8
#define EVENS (uint8)(0, 2, 4, 6, 8, 10, 12, 14)
#define ODDS (uint8)(1, 3, 5, 7, 9, 11, 13, 15)
#else
#define EVENS (uint4)(0, 2, 4, 6)
#define ODDS (uint4)(1, 3, 5, 7)
#endif

/* span[i] = input column X0 + i of row, zero outside the row; with X0 known at compile time the
   padding tests vanish and the rest are plain loads. */
#define FILL(X0) \
  _Pragma("unroll") for (int i = 0; i < SPAN; i++) { \
    const int ix = (X0) + i; \
    span[i] = ix >= 0 && ix < IW ? row[clamp(ix, 0, IW - 1)] : 0.0f; \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict v, const int C,
    const int IH, const int TH, const int T, const long VS, const int padH) {
  const int tx0 = get_global_id(0) * TV;
  const int tileRow = get_global_id(1);
  const int n = tileRow / TH;
  const int ty = tileRow % TH;
  const int iy0 = 2 * ty - padH;
  const int ix0 = 2 * tx0 - PADW;
  const bool inner = ix0 >= 0 && ix0 + SPAN <= IW;
  for (int c = get_global_id(2) * CI; c < min(C, (int)get_global_id(2) * CI + CI); c++) {
    const __global float* xc = x + ((long)n * C + c) * IH * IW;
    TVEC q[16];
#pragma unroll
    for (int r = 0; r < 4; r++) {
      const int iy = iy0 + r;
      const __global float* row = xc + (long)clamp(iy, 0, IH - 1) * IW;
      float span[SPAN];
      if (iy < 0 || iy >= IH) {
#pragma unroll
        for (int i = 0; i < SPAN; i++) {
          span[i] = 0.0f;
        }
      } else if (tx0 == 0) {
        FILL(-PADW);
      } else if (tx0 == LAST_TX0) {
        FILL(2 * LAST_TX0 - PADW);
      } else if (inner) {
#pragma unroll
        for (int i = 0; i < SPAN; i++) {
          span[i] = row[ix0 + i];
        }
      } else {
        FILL(ix0);
      }
      const TVEC a0 = TLOAD(span);
      const TVEC a1 = TLOAD(span + TV);
      const TVEC b0 = TLOAD(span + 2);
      const TVEC b1 = TLOAD(span + TV + 2);
      q[r * 4 + 0] = shuffle2(a0, a1, EVENS);
      q[r * 4 + 1] = shuffle2(a0, a1, ODDS);
      q[r * 4 + 2] = shuffle2(b0, b1, EVENS);
      q[r * 4 + 3] = shuffle2(b0, b1, ODDS);
    }
    /* B^T d: rows. */
    TVEC u[16];
#pragma unroll
    for (int s = 0; s < 4; s++) {
      u[0 * 4 + s] = q[0 * 4 + s] - q[2 * 4 + s];
      u[1 * 4 + s] = q[1 * 4 + s] + q[2 * 4 + s];
      u[2 * 4 + s] = q[2 * 4 + s] - q[1 * 4 + s];
      u[3 * 4 + s] = q[1 * 4 + s] - q[3 * 4 + s];
    }
    /* (B^T d) B: columns. */
    TVEC o[16];
#pragma unroll
    for (int r = 0; r < 4; r++) {
      o[r * 4 + 0] = u[r * 4 + 0] - u[r * 4 + 2];
      o[r * 4 + 1] = u[r * 4 + 1] + u[r * 4 + 2];
      o[r * 4 + 2] = u[r * 4 + 2] - u[r * 4 + 1];
      o[r * 4 + 3] = u[r * 4 + 1] - u[r * 4 + 3];
    }
    __global float* dst = v + (long)c * T + (long)tileRow * TW + tx0;
    if (tx0 + TV <= TW) {
#pragma unroll
      for (int e = 0; e < 16; e++) {
        TSTORE(o[e], dst + e * VS);
      }
    } else {
      /* The row's last block: only its tiles below TW. */
#pragma unroll
      for (int e = 0; e < 16; e++) {
        float a[TV];
        TSTORE(o[e], a);
        for (int l = 0; l < TW - tx0; l++) {
          dst[e * VS + l] = a[l];
        }
      }
    }
  }
}
