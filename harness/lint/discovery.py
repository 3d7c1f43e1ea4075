"""Which files of a partner app the lint reads, in which language, for which platform.

Sources are recognised by name: Swift (iOS); Kotlin, Java, Gradle scripts (Groovy and Kotlin DSL) and
version catalogs (Android); Dart (Flutter); JavaScript, TypeScript and TSX (React Native when the nearest
package.json depends on react-native, the web otherwise); HTML (web). Config files an app ships (Info.plist,
strings.xml, gradle.properties, .env, JSON, YAML) are read only for keys; the neutral ones belong to the
platform of the nearest project marker above them (pubspec.yaml, package.json, Gradle scripts, Podfile). Build output, dependencies and
tool folders are not read. Anything else (images, fonts) is not a source and is not mentioned.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

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
    ".env": None,  # dev.env, production.env (and .env, .env.local by name)
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
ANDROID_MARKERS = ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts")
IOS_MARKERS = ("Podfile", "Package.swift", "project.yml")
T = TypeVar("T")


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


class _Nearest(Generic[T]):
    """What the nearest folder (from a file's folder up to the linted root) that says anything says."""

    def __init__(self, root: Path, probe: Callable[[Path], T | None]) -> None:
        self.root = root
        self.probe = probe
        self.cache: dict[Path, T | None] = {}

    def __call__(self, folder: Path) -> T | None:
        chain: list[Path] = []
        found: T | None = None
        current = folder
        while True:
            if current in self.cache:
                found = self.cache[current]
                break
            chain.append(current)
            found = self.probe(current)
            if found is not None or current == self.root or current.parent == current:
                break
            current = current.parent
        for seen in chain:
            self.cache[seen] = found
        return found


def _package_json(folder: Path) -> Platform | None:
    """React Native when the folder's package.json depends on it, the web for any other package.json."""
    try:
        data = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return Platform.WEB
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        deps = data.get(key) if isinstance(data, dict) else None
        if isinstance(deps, dict) and any(name in deps for name in REACT_NATIVE_PACKAGES):
            return Platform.REACT_NATIVE
    return Platform.WEB


def _project_marker(folder: Path) -> Platform | None:
    """The platform a project folder declares: pubspec.yaml, package.json, Gradle scripts, Xcode/SwiftPM files."""
    if (folder / "pubspec.yaml").is_file():
        return Platform.FLUTTER
    if (folder / "package.json").is_file():
        return _package_json(folder)
    if any((folder / name).is_file() for name in ANDROID_MARKERS):
        return Platform.ANDROID
    if any((folder / name).exists() for name in IOS_MARKERS) or any(folder.glob("*.xcodeproj")):
        return Platform.IOS
    return None


class _Platforms:
    """The platform of each source: by language, by the nearest package.json for scripts, and by the
    nearest project marker for config files that any platform may ship (.env, JSON, YAML)."""

    def __init__(self, root: Path) -> None:
        self.scripts = _Nearest(root, _package_json)
        self.projects = _Nearest(root, _project_marker)

    def of(self, path: Path, language: str) -> Platform | None:
        if language in LANGUAGE_PLATFORMS:
            return LANGUAGE_PLATFORMS[language]
        if language in SCRIPT_LANGUAGES:
            return self.scripts(path.parent) or Platform.WEB
        return CONFIG_SUFFIXES.get(path.suffix.lower()) or self.projects(path.parent)


def discover(root: Path, platforms: Collection[Platform] | None = None) -> tuple[list[SourceFile], list[Skipped]]:
    """The sources under `root` (a folder or one file), sorted; folders that cannot be listed are skipped."""
    root = root.resolve()
    platforms_of = _Platforms(root if root.is_dir() else root.parent)
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
        platform = platforms_of.of(path, language)
        if wanted is not None and platform is not None and platform not in wanted:
            continue
        relative = path.relative_to(base).as_posix()
        if path.name.endswith((".min.js", ".bundle.js")):
            skipped.append(Skipped(relative, "minified or bundled script (generated, not read)", platform))
            continue
        files.append(SourceFile(path, relative, language, platform))
    return files, skipped
