/*
 * Repacks conv weights into the templates' layout [group][channel block][Cg][taps][ocb]:
 * the ocb output channels of one tap become contiguous (zero where a block runs past the
 * group's Mg channels). The source is addressed by strides, so Conv (M x Cg x k...) and
 * ConvTranspose (C x Mg x k...) weights share this kernel. One work-item writes the blocks of
 * 16 input channels, tap by tap: its writes are contiguous and, for Conv, its reads stay within
 * one or two cache lines of each output channel's row.
 *
 * NDRange: (ceil(Cg / 16), groups * channel blocks).
 */
__kernel void pack_weights(const __global float* restrict w, __global float* restrict wp, const int Mg,
    const int mBlocks, const int Cg, const int taps, const int ocb, const long groupStride,
    const long channelStride, const long inputStride) {
  const int gb = get_global_id(1);
  const int mb = gb % mBlocks;
  const long g = gb / mBlocks;
  const int valid = min(ocb, Mg - mb * ocb);
  const int ciEnd = min(Cg, (int)get_global_id(0) * 16 + 16);
  for (int ci = get_global_id(0) * 16; ci < ciEnd; ci++) {
    const __global float* src = w + g * groupStride + (long)mb * ocb * channelStride + (long)ci * inputStride;
    __global float* dst = wp + ((long)gb * Cg + ci) * taps * ocb;
    for (int t = 0; t < taps; t++) {
      for (int j = 0; j < valid; j++) {
        dst[t * ocb + j] = src[j * channelStride + t];
      }
      for (int j = valid; j < ocb; j++) {
        dst[t * ocb + j] = 0.0f;
      }
    }
  }
}
