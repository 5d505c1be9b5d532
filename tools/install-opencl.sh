#!/usr/bin/env bash
# Installs the OpenCL ICD loader and PoCL (a CPU OpenCL device) when they are missing.
# Without them the OpenCL tests skip with a stated reason; the rest of cnnx works.
set -u
if ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so ' && ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cnnx: OpenCL (ocl-icd-opencl-dev, pocl-opencl-icd) is missing and cannot be installed here;" \
       "OpenCL tests will be skipped." >&2
  exit 0
fi
echo "cnnx: installing OpenCL ICD loader and PoCL..." >&2
apt-get update -qq >&2
apt-get install -y -qq ocl-icd-opencl-dev ocl-icd-libopencl1 pocl-opencl-icd >&2 \
  || echo "cnnx: OpenCL install failed; OpenCL tests will be skipped." >&2
