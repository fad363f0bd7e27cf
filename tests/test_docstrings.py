"""Every public function and class is documented, with each of its arguments.

The API reference (mkdocs + mkdocstrings, see mkdocs.yml) is generated from these docstrings, in
Google style: a summary line, then ``Args:`` (one ``name: description`` entry per argument),
``Returns:`` and ``Raises:`` where they say something. This test keeps it complete:

- Python code: every public name of the modules in ``MODULES`` (their ``__all__``, or the
  public names they define) has a docstring of its own; every function and method lists each
  of its arguments (except self, cls, ``*args`` and ``**kwargs``) in its ``Args:`` section (a
  class's ``__init__`` arguments go in the class docstring or in ``__init__``'s).
- The compiled module ``tapegrad._core``: its stub ``_core.pyi`` is the documentation
  (mkdocstrings reads the stub, not the compiled module). Every public name that the compiled
  module or its classes define must be in the stub, and every function, method, property and
  class in the stub is held to the same rules, read with ``ast``.

A failure names each offender and what it lacks, e.g.
``tapegrad.nn.Dense.__init__: argument 'rng' is not listed under Args:``.
"""

import ast
import dataclasses
import importlib
import inspect
import pathlib
import pkgutil
import re

import pytest

import tapegrad
import tapegrad._core as _core

# Submodules that are programs, not API: the command line, the demo, the benchmark suite.
NOT_API = {"tapegrad.bench", "tapegrad.demo"}


def public_modules():
    """tapegrad and its public submodules (a new one is checked, and needs a page, by default)."""
    found = ["tapegrad"]
    for info in pkgutil.iter_modules(tapegrad.__path__, "tapegrad."):
        leaf = info.name.rsplit(".", 1)[1]
        if not leaf.startswith("_") and info.name not in NOT_API:
            found.append(info.name)
    return sorted(found)


# The public modules whose names make up the API reference (tapegrad._core is checked through
# its stub below).
MODULES = public_modules()
API_PAGES = pathlib.Path(__file__).resolve().parents[1] / "docs" / "api"

STUB = pathlib.Path(_core.__file__).with_name("_core.pyi")
if not STUB.is_file():  # an editable install: the compiled module and the sources live apart
    STUB = pathlib.Path(tapegrad.__file__).with_name("_core.pyi")

SKIPPED_PARAMETERS = {"self", "cls"}

# An "Args:" section: entries indented one level deeper than the heading, "name: text" or
# "name (type): text"; "*args" and "**kwargs" entries are allowed too.
_ENTRY = re.compile(r"^(?P<indent>\s+)\**(?P<name>\w+)\s*(\([^)]*\))?\s*:")


def args_section(doc):
    """The argument names listed under the docstring's ``Args:`` heading."""
    names = set()
    lines = inspect.cleandoc(doc or "").splitlines()
    for i, line in enumerate(lines):
        if line.strip() not in ("Args:", "Arguments:"):
            continue
        heading_indent = len(line) - len(line.lstrip())
        entry_indent = None
        for entry in lines[i + 1 :]:
            if not entry.strip():
                continue
            indent = len(entry) - len(entry.lstrip())
            if indent <= heading_indent:
                break  # the next section
            match = _ENTRY.match(entry)
            if entry_indent is None and match:
                entry_indent = indent
            if match and indent == entry_indent:
                names.add(match.group("name"))
    return names


def documented_parameters(parameters, doc):
    """The problems with ``doc`` for a callable taking ``parameters`` (inspect or ast names)."""
    listed = args_section(doc)
    return [f"argument {name!r} is not listed under Args:" for name in parameters if name not in listed]


def _is_python_function(obj):
    return inspect.isfunction(obj) or inspect.ismethod(obj)


def _python_parameters(func):
    out = []
    for p in inspect.signature(func).parameters.values():
        if p.name in SKIPPED_PARAMETERS or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        out.append(p.name)
    return out


def _is_auto_dataclass_doc(cls, doc):
    # dataclasses invent "Name(field: type, ...)" when a class has no docstring.
    return dataclasses.is_dataclass(cls) and doc.startswith(f"{cls.__name__}(")


def _from_core(obj):
    return getattr(obj, "__module__", None) == "tapegrad._core"


def check_python_function(qualname, func, problems, extra_doc=""):
    doc = func.__doc__
    if not doc or not doc.strip():
        problems.append(f"{qualname}: no docstring")
        return
    for problem in documented_parameters(_python_parameters(func), doc + "\n" + extra_doc):
        problems.append(f"{qualname}: {problem}")


def check_python_class(qualname, cls, problems):
    doc = cls.__dict__.get("__doc__")
    if not doc or not doc.strip() or _is_auto_dataclass_doc(cls, doc):
        problems.append(f"{qualname}: no docstring of its own")
        doc = ""
    init = cls.__dict__.get("__init__")
    if dataclasses.is_dataclass(cls):
        # The generated __init__ takes the fields: the class docstring lists them.
        fields = [f.name for f in dataclasses.fields(cls) if f.init]
        listed = args_section(doc) | _attributes_section(doc)
        for name in fields:
            if name not in listed:
                problems.append(f"{qualname}: field {name!r} is not listed under Attributes: or Args:")
    elif _is_python_function(init):
        init_doc = init.__doc__ or ""
        for problem in documented_parameters(_python_parameters(init), doc + "\n" + init_doc):
            problems.append(f"{qualname}.__init__: {problem} (of the class or of __init__)")
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        where = f"{qualname}.{name}"
        if isinstance(member, property):
            if not member.__doc__ or not member.__doc__.strip():
                problems.append(f"{where}: property without a docstring")
        elif isinstance(member, (staticmethod, classmethod)):
            check_python_function(where, member.__func__, problems)
        elif _is_python_function(member):
            check_python_function(where, member, problems)


def _attributes_section(doc):
    return args_section(re.sub(r"^(\s*)Attributes:", r"\1Args:", doc or "", flags=re.M))


def public_names(module):
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", None) == module.__name__
        and (inspect.isclass(value) or callable(value))
    ]


def _python_member(cls, name):
    """cls.name when the Python package defines it (Tensor.sum is tapegrad.sum): documented by
    its own docstring, so its stub entry needs only the signature, for type checkers."""
    member = inspect.getattr_static(cls, name, None)
    if isinstance(member, property):
        member = member.fget
    return member if inspect.isfunction(member) else None


def python_problems():
    problems = []
    for name in dir(_core.Tensor):
        func = _python_member(_core.Tensor, name)
        if func is not None and _is_public_member(name) and not name.startswith("__"):
            check_python_function(f"tapegrad.Tensor.{name} ({func.__module__})", func, problems)
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        if not (module.__doc__ or "").strip():
            problems.append(f"{module_name}: no module docstring")
        for name in public_names(module):
            obj = getattr(module, name)
            if inspect.ismodule(obj) or _from_core(obj) or not callable(obj):
                continue  # modules are checked on their own; _core through its stub
            # Named where it is defined (tapegrad.draw is tapegrad.graph.draw), reported once.
            defined_in = getattr(obj, "__module__", None) or module_name
            qualname = f"{defined_in}.{getattr(obj, '__qualname__', name)}"
            if inspect.isclass(obj):
                check_python_class(qualname, obj, problems)
            elif _is_python_function(obj):
                check_python_function(qualname, obj, problems)
            elif not (inspect.getdoc(obj) or "").strip():
                problems.append(f"{qualname}: no docstring")
    return sorted(set(problems))


# --- the stub of tapegrad._core -----------------------------------------------------------------


def _stub_parameters(func):
    args = func.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return [n for n in names if n not in SKIPPED_PARAMETERS]


def _decorators(func):
    out = set()
    for d in func.decorator_list:
        if isinstance(d, ast.Name):
            out.add(d.id)
        elif isinstance(d, ast.Attribute):
            out.add(d.attr)
    return out


def _is_public_member(name):
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def stub_problems(tree):
    problems = []
    if not (ast.get_docstring(tree) or "").strip():
        problems.append("tapegrad._core (_core.pyi): no module docstring")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            where = f"tapegrad._core.{node.name} (_core.pyi)"
            doc = ast.get_docstring(node)
            if not doc:
                problems.append(f"{where}: no docstring")
                continue
            problems += [f"{where}: {p}" for p in documented_parameters(_stub_parameters(node), doc)]
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            class_doc = ast.get_docstring(node) or ""
            if not class_doc.strip():
                problems.append(f"tapegrad._core.{node.name} (_core.pyi): no class docstring")
            for member in node.body:
                if not isinstance(member, ast.FunctionDef) or not _is_public_member(member.name):
                    continue
                decorators = _decorators(member)
                if "setter" in decorators or "deleter" in decorators:
                    continue  # documented by the property's getter
                if _python_member(getattr(_core, node.name, None), member.name) is not None:
                    continue  # defined in Python, and checked there
                where = f"tapegrad._core.{node.name}.{member.name} (_core.pyi)"
                doc = ast.get_docstring(member) or ""
                parameters = _stub_parameters(member)
                if member.name == "__init__":
                    problems += [
                        f"{where}: {p} (of the class or of __init__)"
                        for p in documented_parameters(parameters, class_doc + "\n" + doc)
                    ]
                    continue
                if not doc.strip():
                    kind = "property" if "property" in decorators else "method"
                    problems.append(f"{where}: {kind} without a docstring")
                    continue
                problems += [f"{where}: {p}" for p in documented_parameters(parameters, doc)]
    return problems


def stub_coverage_problems(tree):
    """Public names of the compiled module (and of its classes) missing from the stub."""
    problems = []
    top = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top[node.target.id] = node
    for name in dir(_core):
        if name.startswith("_"):
            continue
        if name not in top:
            problems.append(f"tapegrad._core.{name} is bound in C++ but missing from _core.pyi")
            continue
        obj = getattr(_core, name)
        if inspect.isclass(obj) and isinstance(top[name], ast.ClassDef):
            members = set()
            for member in top[name].body:
                if isinstance(member, ast.FunctionDef):
                    members.add(member.name)
                elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                    members.add(member.target.id)
            for attr in vars(obj):
                if not attr.startswith("_") and attr not in members:
                    problems.append(
                        f"tapegrad._core.{name}.{attr} is bound in C++ but missing from _core.pyi"
                    )
    return problems


@pytest.fixture(scope="module")
def stub_tree():
    if not STUB.is_file():
        pytest.fail(f"_core.pyi is not beside tapegrad._core or tapegrad/__init__.py ({STUB})")
    return ast.parse(STUB.read_text(encoding="utf-8"))


def _report(problems):
    return f"{len(problems)} documentation problem(s):\n  " + "\n  ".join(problems)


def test_python_api_is_documented_with_every_argument():
    problems = python_problems()
    assert not problems, _report(problems)


def test_core_stub_documents_every_function_and_argument(stub_tree):
    problems = stub_problems(stub_tree)
    assert not problems, _report(problems)


def test_core_stub_covers_the_compiled_module(stub_tree):
    problems = stub_coverage_problems(stub_tree)
    assert not problems, _report(problems)


def test_every_public_module_has_an_api_page():
    if not API_PAGES.is_dir():
        pytest.skip("docs/api is not beside this copy of the tests (installed-wheel run)")
    pages = " ".join(page.read_text(encoding="utf-8") for page in API_PAGES.glob("*.md"))
    documented = set(re.findall(r"^::: ([\w.]+)", pages, flags=re.M))
    missing = [m for m in [*MODULES, "tapegrad._core"] if m not in documented]
    assert not missing, (
        f"no API page renders {missing}: add docs/api/<name>.md with '::: <module>' and a nav "
        "entry in mkdocs.yml"
    )


def test_the_checker_reads_google_style_args():
    doc = """Summary.

    Args:
        x: The input.
        axis (int): An axis,
            on two lines: with a colon.
        *args: More.

    Returns:
        y: not an argument.
    """
    assert args_section(doc) == {"x", "axis", "args"}
    assert documented_parameters(["x", "keepdims"], doc) == ["argument 'keepdims' is not listed under Args:"]
