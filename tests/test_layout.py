"""The repository's layout holds: imports run one way (home → resources → the platform in coalition/), and the
tests read nothing outside the repository."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The platform: small apps that know no page model. coalition/urls.py and wsgi.py wire the site together
# and may import anything; the settings name apps by string only.
PLATFORM = [
    "coalition/caching",
    "coalition/accounts",
    "coalition/editorial",
    "coalition/search",
    "coalition/ops",
    "coalition/security.py",
    "coalition/routing.py",
    "coalition/formats",
    "coalition/languages.py",
]
# What each part may not import, directly or through a string such as apps.get_model("home.HomePage").
FORBIDDEN = {
    "resources": ("home",),
    **dict.fromkeys(PLATFORM, ("home", "resources")),
    "coalition/settings": ("home", "resources"),
}
TREE_RULES = {"parent_page_types", "subpage_types"}


def python_files(part):
    path = ROOT / part
    files = [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [file for file in files if "migrations" not in file.parts]


def module_name(file):
    return ".".join(file.relative_to(ROOT).with_suffix("").parts)


def imported_modules(source, module):
    """Every module `source` imports (relative imports resolved against `module`), and the app labels named
    in strings such as "home.HomePage" or "resources.models"."""
    package = module.rsplit(".", 1)[0]
    tree = ast.parse(source)
    # Wagtail's tree rules name page types by label and import nothing: a page type may say where it lives.
    tree_rules = {
        id(constant)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) in TREE_RULES for target in node.targets)
        for constant in ast.walk(node.value)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in tree_rules
            and re.fullmatch(r"[a-z_]+\.[A-Za-z_.]+", node.value)
        ):
            found.add(node.value)
    return found


def violations(part, forbidden):
    found = []
    for file in python_files(part):
        names = imported_modules(file.read_text(encoding="utf-8"), module_name(file))
        for name in sorted(names):
            if name.split(".")[0] in forbidden:
                found.append(f"{file.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("part", FORBIDDEN)
def test_imports_run_one_way(part):
    """home may import resources and the platform; resources only the platform; the platform neither."""
    assert violations(part, FORBIDDEN[part]) == []


def test_the_import_check_sees_every_kind_of_import():
    """A wrong import is caught whether absolute, relative, inside a function or through a model label."""
    module = "coalition.caching.example"
    assert "home.models" in imported_modules("from home.models import HomePage", module)
    assert "resources.models" in imported_modules("def f():\n    import resources.models", module)
    assert "coalition.caching.generation" in imported_modules("from ..generation import x", "coalition.caching.sub.x")
    assert "home.AlertBanner" in imported_modules('apps.get_model("home.AlertBanner")', module)
    assert "coalition.caching.generation" in imported_modules("from .generation import x", module)
    assert "home.HomePage" not in imported_modules('parent_page_types = ["home.HomePage"]', module)


def test_tests_and_benches_read_nothing_outside_the_repository():
    """A clone tests on its own: no test or bench names the shared folder beside it or a path above the repository."""
    outside = re.compile(r"\.\./shared|BASE_DIR\)\.parent|ROOT\.parent|\bshared/(seed|hsds)")
    offenders = [
        f"{file.relative_to(ROOT)}:{number}"
        for folder in ("tests", "bench")
        for file in sorted((ROOT / folder).rglob("*.py"))
        if "node_modules" not in file.parts and file != Path(__file__)
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert offenders == []
