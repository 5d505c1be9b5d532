/*
 * Lane numbers of the x-vectorised templates (depthwise.cl, xconv.cl, maxpool.cl), which mask the lanes
 * of a gathered vector that fall in the padding. Needs common.cl's VW and rows.cl's GATHER.
 */
#define IVEC CNNX_CAT(int, VW)
#if VW == 4
#define IOTA ((IVEC)(0, 1, 2, 3))
#elif VW == 8
#define IOTA ((IVEC)(0, 1, 2, 3, 4, 5, 6, 7))
#elif VW == 16
#define IOTA ((IVEC)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#else
#error "x-vectorised conv vectors are 4, 8 or 16 wide"
#endif

/*
 * GATHER for a block whose window leaves the row (padding) but not the tensor: the vector loads
 * read the neighbouring row's values, which a select then replaces with zero, so they never reach
 * the arithmetic (a NaN or inf there cannot leak). IW: the row's width.
 */
#define MASKED_GATHER(src, ix0, kx, out) \
  { \
    GATHER(src, kx, out); \
    const IVEC ix_ = (ix0) + (kx) * DW + IOTA * SW; \
    out = select((VEC)0.0f, out, (ix_ >= 0) & (ix_ < IW)); \
  }
