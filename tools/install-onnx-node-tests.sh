#!/usr/bin/env bash
# Generates ONNX's backend node test cases (what OnnxNodeSuiteTest runs) into target/onnx-node-tests,
# once: installs the onnx Python package into a private virtual environment and runs its case
# generators. Without Python or the package the node-suite tests skip with a stated reason.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=1.23.1
out="$root/target/onnx-node-tests"
stamp="$out/onnx-$version"
[ -f "$stamp" ] && exit 0
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "cnnx: no python3; ONNX node-suite tests will be skipped." >&2
  exit 0
fi
venv="$root/target/onnx-venv"
pip_args=()
# A local package index, where the machine has one, avoids waiting on an unreachable default index.
[ -d /opt/pypi/simple ] && pip_args+=(--index-url file:///opt/pypi/simple)
echo "cnnx: generating ONNX $version node test cases into $out ..." >&2
if ! { "$python" -m venv "$venv" >&2 \
      && "$venv/bin/pip" install -q "${pip_args[@]}" "onnx==$version" >&2; }; then
  echo "cnnx: could not install onnx $version; ONNX node-suite tests will be skipped." >&2
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
if "$venv/bin/python" -W ignore "$root/tools/onnx_node_tests.py" "$out" >&2; then
  touch "$stamp"
else
  echo "cnnx: generating the node test cases failed; ONNX node-suite tests will be skipped." >&2
fi
exit 0
