"""Disjoint sets: which items have been joined, directly or through others."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T", int, str)


class UnionFind(Generic[T]):
    """Union-find with path halving; the smaller key of two roots becomes the root, so that
    groups come out the same whatever order the unions came in."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def find(self, x: T) -> T:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: T, b: T) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
