/*
 * Repacks conv weights into the templates' layout [group][channel block][Cg][taps][ocb]:
 * the ocb output channels of one tap become contiguous (zero where a block runs past the
 * group's Mg channels). The source is addressed by strides, so Conv (M x Cg x k...) and
 * ConvTranspose (C x Mg x k...) weights share this kernel. One work-item writes the
 * taps x ocb block of one (group, channel block, input channel).
 *
 * NDRange: (Cg, groups * channel blocks).
 */
__kernel void pack_weights(const __global float* restrict w, __global float* restrict wp, const int Mg,
    const int mBlocks, const int Cg, const int taps, const int ocb, const long groupStride,
    const long channelStride, const long inputStride) {
  const int ci = get_global_id(0);
  const int gb = get_global_id(1);
  const int mb = gb % mBlocks;
  const long g = gb / mBlocks;
  __global float* dst = wp + ((long)gb * Cg + ci) * taps * ocb;
  for (int j = 0; j < ocb; j++) {
    const int m = mb * ocb + j;
    const __global float* src = w + g * groupStride + (long)m * channelStride + (long)ci * inputStride;
    for (int t = 0; t < taps; t++) {
      dst[t * ocb + j] = m < Mg ? src[t] : 0.0f;
    }
  }
}
