/*
 * Winograd F(2x2, 3x3), input side: each 4x4 input tile d (stride 2, padding read as zero) becomes
 * V = B^T d B, element e of tile t of channel c stored at v[e * VS + c * T + t], so the 16 GEMMs
 * that follow read each element's tiles as one row (VS, a little over C * T, keeps the 16 planes
 * off one cache set: at a multiple of 4096 bytes apart they evicted each other). Tiles are numbered over (image, tile row,
 * tile column). One work-item transforms TV consecutive tiles of a tile row of one channel, lane
 * by lane in a float vector: each of the 4 input rows is read once as a span of 2 TV + 2 floats,
 * whose even and odd elements are the tiles' columns (shuffled into vectors); it does so for CI
 * channels in turn (on a CPU each work-item is a work-group, and fewer, longer ones cost less to
 * schedule). Only TV (8 or 16) is compiled in; the geometry comes as arguments (IW input width, TW tiles per
 * row, PADW left padding, CI channels per work-item), so one program serves every layer with the same TV: each
 * program costs PoCL about half a second to build on first use, and specialising the row's edges to each layer's
 * geometry made three programs of 0.5-1.4 s for ResNet-18. A span that leaves its row is still read as whole
 * vectors where it stays inside the tensor (the neighbouring row's values), and the columns outside the row are
 * then selected away as zeros, so they never reach the arithmetic; only a span past the tensor's ends is read
 * column by column.
 *
 * NDRange: (tile column blocks of TV, images * tile rows, channel blocks of CI).
 */
#define CNNX_CAT_(a, b) a##b
#define CNNX_CAT(a, b) CNNX_CAT_(a, b)
#define TVEC CNNX_CAT(float, TV)
#define TLOAD(p) CNNX_CAT(vload, TV)(0, p)
#define TSTORE(v, p) CNNX_CAT(vstore, TV)(v, 0, p)
#define TIVEC CNNX_CAT(int, TV)
#define SPAN (2 * TV + 2)
/* The TV floats at column ix of row (p = row + ix), those outside the row zero. */
#define TLOAD_IN_ROW(p, ix) select((TVEC)0.0f, TLOAD(p), ((ix) + TIOTA >= 0) & ((ix) + TIOTA < IW))
#if TV == 16
#define TIOTA ((int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#define EVENS (uint16)(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
#define ODDS (uint16)(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31)
#else
#define TIOTA ((int8)(0, 1, 2, 3, 4, 5, 6, 7))
#define EVENS (uint8)(0, 2, 4, 6, 8, 10, 12, 14)
#define ODDS (uint8)(1, 3, 5, 7, 9, 11, 13, 15)
#endif

/* span[i] = input column X0 + i of row, zero outside the row. */
#define FILL(X0) \
  _Pragma("unroll") for (int i = 0; i < SPAN; i++) { \
    const int ix = (X0) + i; \
    span[i] = ix >= 0 && ix < IW ? row[clamp(ix, 0, IW - 1)] : 0.0f; \
  }

__kernel void KERNEL_NAME(const __global float* restrict x, __global float* restrict v, const int C,
    const int IH, const int TH, const int T, const long VS, const int padH, const int IW, const int TW,
    const int PADW, const int CI) {
  const int tx0 = get_global_id(0) * TV;
  const int tileRow = get_global_id(1);
  const int n = tileRow / TH;
  const int ty = tileRow % TH;
  const int iy0 = 2 * ty - padH;
  const int ix0 = 2 * tx0 - PADW;
  const bool inner = ix0 >= 0 && ix0 + SPAN <= IW;
  const long xSize = (long)(T / (TW * TH)) * C * IH * IW; /* T / (TW TH): the images */
  for (int c = get_global_id(2) * CI; c < min(C, (int)get_global_id(2) * CI + CI); c++) {
    const __global float* xc = x + ((long)n * C + c) * IH * IW;
    TVEC q[16];
#pragma unroll
    for (int r = 0; r < 4; r++) {
      const int iy = iy0 + r;
      const __global float* row = xc + (long)clamp(iy, 0, IH - 1) * IW;
      TVEC a0, a1, b0, b1;
      if (iy < 0 || iy >= IH) {
        a0 = a1 = b0 = b1 = (TVEC)0.0f;
      } else if (inner) {
        const __global float* p = row + ix0;
        a0 = TLOAD(p);
        a1 = TLOAD(p + TV);
        b0 = TLOAD(p + 2);
        b1 = TLOAD(p + TV + 2);
      } else if ((row - x) + ix0 >= 0 && (row - x) + ix0 + SPAN <= xSize) {
        const __global float* p = row + ix0;
        a0 = TLOAD_IN_ROW(p, ix0);
        a1 = TLOAD_IN_ROW(p + TV, ix0 + TV);
        b0 = TLOAD_IN_ROW(p + 2, ix0 + 2);
        b1 = TLOAD_IN_ROW(p + TV + 2, ix0 + TV + 2);
      } else {
        float span[SPAN];
        FILL(ix0);
        a0 = TLOAD(span);
        a1 = TLOAD(span + TV);
        b0 = TLOAD(span + 2);
        b1 = TLOAD(span + TV + 2);
      }
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
