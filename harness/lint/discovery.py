"""Which files of a partner app the lint reads, in which language, for which platform.

Sources are recognised by name: Swift (iOS); Kotlin, Java, Gradle scripts (Groovy and Kotlin DSL) and
version catalogs (Android); Dart (Flutter); JavaScript, TypeScript and TSX (React Native when the nearest
package.json depends on react-native, the web otherwise); HTML (web). Config files an app ships (Info.plist,
strings.xml, gradle.properties, .env, JSON, YAML) are read only for keys. Build output, dependencies and
tool folders are not read. Anything else (images, fonts) is not a source and is not mentioned.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from connect_cert.harness.lint.model import Platform, Skipped

SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".idea",
        ".vscode",
        ".gradle",
        ".dart_tool",
        ".build",
        ".expo",
        ".next",
        ".venv",
        "__pycache__",
        "node_modules",
        "Pods",
        "Carthage",
        "DerivedData",
        "build",
        "dist",
        "coverage",
        "vendor",
    }
)
SKIPPED_NAMES = frozenset({"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Podfile.lock", "pubspec.lock"})
CODE_SUFFIXES: dict[str, str] = {
    ".swift": "swift",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".java": "java",
    ".gradle": "groovy",
    ".dart": "dart",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".html": "html",
    ".htm": "html",
}
CONFIG_SUFFIXES: dict[str, Platform | None] = {
    ".plist": Platform.IOS,
    ".xcconfig": Platform.IOS,
    ".xml": Platform.ANDROID,
    ".properties": Platform.ANDROID,
    ".json": None,
    ".yaml": None,
    ".yml": None,
}
LANGUAGE_PLATFORMS: dict[str, Platform] = {
    "swift": Platform.IOS,
    "kotlin": Platform.ANDROID,
    "java": Platform.ANDROID,
    "groovy": Platform.ANDROID,
    "catalog": Platform.ANDROID,
    "dart": Platform.FLUTTER,
    "html": Platform.WEB,
}
SCRIPT_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
REACT_NATIVE_PACKAGES = ("react-native", "@stripe/stripe-react-native", "expo")


@dataclass(frozen=True)
class SourceFile:
    path: Path
    relative: str  # forward slashes, relative to the linted path
    language: str  # a grammar name, "catalog" (version catalog) or "config"
    platform: Platform | None  # None: a config file every platform may ship


def language_of(path: Path) -> str | None:
    name = path.name
    if name in SKIPPED_NAMES:
        return None
    if name.endswith(".versions.toml"):
        return "catalog"
    if name == ".env" or name.startswith(".env."):
        return "config"
    suffix = path.suffix.lower()
    if suffix in CODE_SUFFIXES:
        return CODE_SUFFIXES[suffix]
    if suffix in CONFIG_SUFFIXES:
        return "config"
    return None


class _PackageJsons:
    """Whether the nearest package.json above a script depends on React Native (cached per folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[Path, bool | None] = {}

    def react_native(self, folder: Path) -> bool:
        chain: list[Path] = []
        found: bool | None = None
        current = folder
        while True:
            if current in self.cache:
                found = self.cache[current]
                break
            chain.append(current)
            found = self._read(current / "package.json")
            if found is not None or current == self.root or current.parent == current:
                break
            current = current.parent
        for seen in chain:
            self.cache[seen] = found
        return bool(found)

    @staticmethod
    def _read(path: Path) -> bool | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return False
        if not isinstance(data, dict):
            return False
        for key in ("dependencies", "devDependencies", "peerDependencies"):
            deps = data.get(key)
            if isinstance(deps, dict) and any(name in deps for name in REACT_NATIVE_PACKAGES):
                return True
        return False


def _platform(path: Path, language: str, packages: _PackageJsons) -> Platform | None:
    if language in LANGUAGE_PLATFORMS:
        return LANGUAGE_PLATFORMS[language]
    if language in SCRIPT_LANGUAGES:
        return Platform.REACT_NATIVE if packages.react_native(path.parent) else Platform.WEB
    return CONFIG_SUFFIXES.get(path.suffix.lower())


def discover(root: Path, platforms: Collection[Platform] | None = None) -> tuple[list[SourceFile], list[Skipped]]:
    """The sources under `root` (a folder or one file), sorted; folders that cannot be listed are skipped."""
    root = root.resolve()
    packages = _PackageJsons(root if root.is_dir() else root.parent)
    skipped: list[Skipped] = []
    candidates: list[Path] = []
    if root.is_file():
        candidates.append(root)
        base = root.parent
    else:
        base = root

        def unreadable(error: OSError) -> None:
            where = Path(error.filename or "").resolve()
            relative = where.relative_to(base).as_posix() if where.is_relative_to(base) else str(where)
            skipped.append(Skipped(relative, f"unreadable folder: {error.strerror or error}", blocking=True))

        for folder, subfolders, names in os.walk(base, onerror=unreadable):
            subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS)
            candidates.extend(Path(folder) / name for name in sorted(names))
    wanted = frozenset(platforms) if platforms else None
    files: list[SourceFile] = []
    for path in candidates:
        language = language_of(path)
        if language is None:
            continue
        platform = _platform(path, language, packages)
        if wanted is not None and platform is not None and platform not in wanted:
            continue
        relative = path.relative_to(base).as_posix()
        if path.name.endswith((".min.js", ".bundle.js")):
            skipped.append(Skipped(relative, "minified or bundled script (generated, not read)", platform))
            continue
        files.append(SourceFile(path, relative, language, platform))
    return files, skipped
