"""The test suite. Imported before conftest.py: the bytecode cache is set up before anything
heavy is imported (see tests/support/bytecode.py)."""

from tests.support.bytecode import share_bytecode_cache

share_bytecode_cache()
