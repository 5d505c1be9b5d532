"""Writes ONNX's backend node test cases (model.onnx + test_data_set_0/) into a folder.

The onnx package ships the generators (onnx.backend.test.case.node) but not their output;
this runs them and writes every case the way ONNX's own `generate-data` writes its model cases.
"""
import sys
import types

import onnx
import onnx.backend.test.case.node as node
import onnx.backend.test.cmd_tools as tools

if len(sys.argv) != 2:
    sys.exit("usage: onnx_node_tests.py OUTPUT_DIR")
tools.model_test = types.SimpleNamespace(collect_testcases=node.collect_testcases)
tools.generate_data(types.SimpleNamespace(output=sys.argv[1]))
print(f"onnx {onnx.__version__}: node test cases written to {sys.argv[1]}/node", file=sys.stderr)
