"""The CLI's choice of Arrow allocator: jemalloc where the build has it, the user's choice kept.

``prefer_jemalloc`` is the score command's choice, ``keep_freed_memory`` dedupe's (jemalloc that
never purges freed pages); both leave a pool the user chose alone.
"""

import pyarrow as pa
import pytest

from leadq.arrow_memory import keep_freed_memory, prefer_jemalloc

CHOICES = [prefer_jemalloc, keep_freed_memory]


@pytest.fixture
def restored_pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


@pytest.mark.parametrize("choose", CHOICES)
def test_jemalloc_becomes_the_default_pool(choose, monkeypatch, restored_pool):
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow build has no jemalloc")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    choose()
    assert pa.default_memory_pool().backend_name == "jemalloc"


@pytest.mark.parametrize("choose", CHOICES)
def test_a_pool_the_user_chose_is_kept(choose, monkeypatch, restored_pool):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    pa.set_memory_pool(pa.system_memory_pool())
    choose()
    assert pa.default_memory_pool().backend_name == "system"
