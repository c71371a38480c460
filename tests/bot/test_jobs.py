"""Jobs kept in SQLite: a job whose process died is failed, naming what was not ingested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.jobs import Job, JobRunner, JobStore


def test_jobs_left_by_a_dead_process_are_failed_with_their_sources(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    script = (
        "import sys; from pathlib import Path; from bot.jobs import Job, JobStore; "
        "s = JobStore(Path(sys.argv[1])); "
        "s.save(Job('j1', 'running', ['/up/a.md', '/up/b.md'], names={'/up/a.md': 'A.md'}))"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    store = JobStore(path)
    store.save(Job("mine", "running", ["/x.md"]))  # this process's own job is alive
    runner = JobRunner(None, store)  # type: ignore[arg-type]
    failed = runner.fail_orphans()
    assert [j.job_id for j in failed] == ["j1"]
    job = store.get("j1")
    assert job is not None and job.status == "failed" and job.finished
    assert job.error is not None and "not ingested: A.md, /up/b.md" in job.error
    assert store.get("mine").status == "running"  # type: ignore[union-attr]


def test_finished_jobs_are_forgotten_after_a_while(tmp_path: Path) -> None:
    import time

    store = JobStore(tmp_path / "jobs.sqlite")
    now = time.time()
    store.save(Job("old", "done", ["/a.md"], finished=now - 31 * 86400))
    store.save(Job("recent", "failed", ["/b.md"], finished=now - 86400))
    store.save(Job("running", "running", ["/c.md"]))
    assert store.prune(30) == 1
    assert store.get("old") is None
    assert store.get("recent") is not None and store.get("running") is not None
