"""A stand-in for the documents and jobs routes of DOCUMENTS_API.md, on the real app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request


def row(doc_id: str, title: str = "", chunks: int = 1) -> dict[str, Any]:
    """A document as ``GET /v1/documents`` lists it."""
    return {
        "doc_id": doc_id,
        "title": title or doc_id,
        "chunks": chunks,
        "root": None,
        "source": None,
        "source_type": "report",
        "published": None,
        "url": None,
        "language": "es",
        "topics": ["minería"],
        "places": [],
        "path": None,
        "content_hash": "h-" + doc_id,
        "ingested_at": "2025-01-01T00:00:00+00:00",
    }


class Documents:
    """A stand-in for the documents routes (DOCUMENTS_API.md): records what it was sent."""

    def __init__(self) -> None:
        self.rows = {d: row(d) for d in ("a.md", "peru/b.md", "uploads/c.md")}
        self.sent: list[dict[str, Any]] = []
        self.polls = 0
        self.error: str | None = None
        """Set it to make the job fail with this reason."""

    def router(self) -> APIRouter:
        router = APIRouter()

        @router.get("/v1/documents")
        def page(offset: int = 0, limit: int = 100, q: str | None = None) -> dict[str, Any]:
            rows = [r for d, r in sorted(self.rows.items()) if not q or q in d]
            return {"total": len(rows), "offset": offset, "limit": limit,
                    "documents": rows[offset : offset + limit]}  # fmt: skip

        @router.get("/v1/documents/{doc_id:path}")
        def one(doc_id: str) -> dict[str, Any]:
            if doc_id not in self.rows:
                raise HTTPException(404, f"no document '{doc_id}' in the index")
            passage = {"chunk_id": f"{doc_id}#0", "n": 0, "page": None, "text": "Texto."}
            return {**self.rows[doc_id], "passages": [passage]}

        @router.delete("/v1/documents/{doc_id:path}")
        def remove(doc_id: str) -> dict[str, Any]:
            if self.rows.pop(doc_id, None) is None:
                raise HTTPException(404, f"no document '{doc_id}' in the index")
            return {"doc_id": doc_id, "removed": True}

        @router.post("/v1/documents", status_code=202)
        async def add(request: Request) -> dict[str, Any]:
            if request.headers["content-type"].startswith("multipart/form-data"):
                form = await request.form()
                files = [(f.filename, await f.read()) for f in form.getlist("files")]  # type: ignore[union-attr]
                self.sent.append({"files": files, "replace": form.get("replace")})
                if any(f"uploads/{name}" in self.rows for name, _ in files) and (
                    form.get("replace") != "true"
                ):
                    raise HTTPException(409, "already in the index: uploads/c.md")
            else:
                self.sent.append(await request.json())
            return {"job_id": "job-1", "status": "queued"}

        @router.get("/v1/jobs/{job_id}")
        def job(job_id: str) -> dict[str, Any]:
            if job_id != "job-1":
                raise HTTPException(404, f"no job '{job_id}'")
            self.polls += 1
            done = self.polls >= 3
            if done and self.error:
                return {"job_id": job_id, "status": "failed", "error": self.error,
                        "progress": {"done": 2, "total": 2}, "report": None,
                        "created": 1.0, "started": 1.5, "finished": 2.0}  # fmt: skip
            report = {"added": 1, "updated": 0, "unchanged": 0, "removed": 0, "chunks": 4,
                      "skipped": [{"path": "x.pdf", "reason": "no text"}], "warnings": [],
                      "seconds": 0.5}  # fmt: skip
            return {
                "job_id": job_id,
                "status": "done" if done else "running",
                "progress": {"done": min(self.polls, 2), "total": 2},
                "report": report if done else None,
                "error": None,
                "created": 1.0,
                "started": 1.5,
                "finished": 2.0 if done else None,
            }

        return router
