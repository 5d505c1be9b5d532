/*
 * Lane numbers of the x-vectorised templates (depthwise.cl, separable.cl, xconv.cl, maxpool.cl), which mask
 * the lanes of a gathered vector that fall in the padding. Needs common.cl's VW and rows.cl's GATHER.
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

/*
 * The KW vectors xk[0 .. KW) one input row gives a block whose first input x is ix0: straight vector loads where
 * the window lies inside the row (inner), masked ones where it leaves the row but not the tensor (the row's element
 * ix0 at flat index first, the tensor tensor floats long), else clamped loads with the padding read as zero.
 */
#define ROW_TAPS(row, ix0, inner, first, tensor, xk) \
  { \
    const __global float* xr_ = (row) + (ix0); \
    if (inner) { \
      _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
        GATHER(xr_, kx, xk[kx]); \
      } \
    } else if ((first) >= 0 && (first) + XLOAD <= (tensor)) { \
      _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
        MASKED_GATHER(xr_, ix0, kx, xk[kx]); \
      } \
    } else { \
      float xin_[XLOAD]; \
      _Pragma("unroll") for (int t_ = 0; t_ < XLOAD; t_++) { \
        const int ix_ = (ix0) + t_; \
        const float v_ = (row)[clamp(ix_, 0, IW - 1)]; \
        xin_[t_] = (ix_ >= 0 && ix_ < IW) ? v_ : 0.0f; \
      } \
      _Pragma("unroll") for (int kx = 0; kx < KW; kx++) { \
        GATHER(xin_, kx, xk[kx]); \
      } \
    } \
  }
