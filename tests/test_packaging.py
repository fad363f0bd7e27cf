"""The package as installed: one version everywhere, and the C++ core shipped inside it."""

import pathlib
import re
import subprocess
import sys

import tapegrad
from tapegrad import _core


def _version_file():
    # VERSION sits at the top of the source tree; an installed wheel tested elsewhere has none.
    for parent in pathlib.Path(__file__).resolve().parents:
        candidate = parent / "VERSION"
        if candidate.is_file() and (parent / "pyproject.toml").is_file():
            return candidate
    return None


def test_one_version_everywhere():
    assert re.fullmatch(r"\d+\.\d+\.\d+", tapegrad.__version__)
    assert tapegrad.__version__ == _core.__version__
    from importlib.metadata import version

    assert version("tapegrad") == tapegrad.__version__  # the wheel's metadata
    cmake_version = pathlib.Path(tapegrad.get_cmake_dir()) / "tapegradConfigVersion.cmake"
    assert f'set(PACKAGE_VERSION "{tapegrad.__version__}")' in cmake_version.read_text()
    version_file = _version_file()
    if version_file is not None:
        assert version_file.read_text().strip() == tapegrad.__version__


def test_get_include_holds_the_headers():
    include = pathlib.Path(tapegrad.get_include())
    assert (include / "tapegrad" / "tapegrad.hpp").is_file()
    assert (include / "tapegrad" / "tensor.hpp").is_file()


def test_get_cmake_dir_holds_the_package_and_the_library():
    cmake_dir = pathlib.Path(tapegrad.get_cmake_dir())
    assert (cmake_dir / "tapegradConfig.cmake").is_file()
    assert (cmake_dir / "tapegradTargets.cmake").is_file()
    lib_dir = cmake_dir.parent.parent
    # Shared in wheels (the library the module links), static on Windows and from a source install.
    libraries = ("libtapegrad.so", "libtapegrad.dylib", "tapegrad.lib", "libtapegrad.a")
    assert any((lib_dir / name).is_file() for name in libraries), sorted(p.name for p in lib_dir.iterdir())


def test_the_cpp_package_lives_inside_the_python_package():
    package_dir = pathlib.Path(_core.__file__).resolve().parent
    for path in (tapegrad.get_include(), tapegrad.get_cmake_dir()):
        assert package_dir in pathlib.Path(path).resolve().parents


def test_command_line_prints_the_directories():
    def run(*args):
        out = subprocess.run(
            [sys.executable, "-m", "tapegrad", *args], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    assert run("--cmake-dir") == tapegrad.get_cmake_dir()
    assert run("--include") == tapegrad.get_include()
    assert run("--version") == tapegrad.__version__


def test_type_information_ships_with_the_package():
    package_dir = pathlib.Path(_core.__file__).resolve().parent
    source_dir = pathlib.Path(tapegrad.__file__).resolve().parent
    assert (source_dir / "py.typed").is_file() or (package_dir / "py.typed").is_file()
    assert (source_dir / "_core.pyi").is_file() or (package_dir / "_core.pyi").is_file()
