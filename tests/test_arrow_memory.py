"""The CLI's choice of Arrow allocator: jemalloc where the build has it, the user's choice kept."""

import pyarrow as pa
import pytest

from leadq.arrow_memory import keep_freed_memory, prefer_jemalloc


@pytest.fixture
def restored_pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def test_jemalloc_becomes_the_default_pool(monkeypatch, restored_pool):
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow build has no jemalloc")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    prefer_jemalloc()
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_a_pool_the_user_chose_is_kept(monkeypatch, restored_pool):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    pa.set_memory_pool(pa.system_memory_pool())
    prefer_jemalloc()
    assert pa.default_memory_pool().backend_name == "system"


def test_dedupe_keeps_jemalloc_s_freed_pages(monkeypatch, restored_pool):
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow build has no jemalloc")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    keep_freed_memory()
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_dedupe_keeps_a_pool_the_user_chose(monkeypatch, restored_pool):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    pa.set_memory_pool(pa.system_memory_pool())
    keep_freed_memory()
    assert pa.default_memory_pool().backend_name == "system"
