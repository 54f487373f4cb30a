"""The allocator of `leadq dedupe`: freed memory is kept for reuse, unless the user chose."""

from __future__ import annotations

import pyarrow as pa
import pytest

from leadq.allocator import keep_freed_memory


@pytest.fixture
def restore_pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def test_arrow_allocates_through_jemalloc(monkeypatch, restore_pool):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)

    keep_freed_memory()

    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_a_pool_the_user_chose_is_kept(monkeypatch, restore_pool):
    pa.set_memory_pool(pa.system_memory_pool())
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")

    keep_freed_memory()

    assert pa.default_memory_pool().backend_name == "system"
