"""Where the C++ core is installed, for C++ programs that embed it.

The wheel carries tapegrad's headers, its library and its CMake package inside this package
directory, next to the compiled module ``_core``:

    tapegrad/include/tapegrad/tapegrad.hpp
    tapegrad/lib/libtapegrad.so           (the shared library _core links; libtapegrad.dylib
                                           on macOS, the static tapegrad.lib on Windows)
    tapegrad/lib/cmake/tapegrad/tapegradConfig.cmake

so a CMake project finds it with ``cmake -Dtapegrad_DIR=$(python -m tapegrad --cmake-dir)``.
"""

from pathlib import Path

__all__ = ["get_cmake_dir", "get_include"]


def _install_dir() -> Path:
    # The directory of _core rather than of this file: in an editable install this file stays in
    # the source tree while _core and the C++ package sit in site-packages/tapegrad; in a regular
    # install both are the same directory.
    from . import _core

    return Path(_core.__file__).resolve().parent


def get_include() -> str:
    """The directory to add to the include path: it holds ``tapegrad/tapegrad.hpp``."""
    return str(_install_dir() / "include")


def get_cmake_dir() -> str:
    """The directory that holds ``tapegradConfig.cmake``, for ``-Dtapegrad_DIR=...``."""
    return str(_install_dir() / "lib" / "cmake" / "tapegrad")
