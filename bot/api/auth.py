"""Who may call a route: the ``Authorization: Bearer KEY`` header and the key's role.

When keys are configured (``api_keys``, ``api_keys_file``), :func:`require` is added to each
router with the role its routes need; ``/health`` and the OpenAPI docs stay public. A missing
or wrong key is a 401 (``WWW-Authenticate: Bearer``), a key whose role is too weak a 403. The
digest of the caller's key is left in ``request.state.key_id`` for the rate limit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.keys import KeyRing, Role, allows

BEARER = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer KEY`.")
"""The security scheme the OpenAPI document declares on guarded routes."""
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require(role: Role) -> Callable[..., Awaitable[None]]:
    """A dependency admitting only callers whose key has ``role`` (or a stronger one).

    Raises (from the dependency):
        HTTPException: 401 without a configured key, 403 with a key of a weaker role.
    """

    async def check(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> None:
        keys: KeyRing = request.app.state.keys
        if credentials is None:
            raise HTTPException(401, "an API key is required: Authorization: Bearer KEY", CHALLENGE)
        found = keys.role_of(credentials.credentials)
        if found is None:
            raise HTTPException(401, "the API key is not valid", CHALLENGE)
        key_id, key_role = found
        if not allows(key_role, role):
            raise HTTPException(403, f"a {key_role} key cannot do this (needs {role})")
        request.state.key_id = key_id

    return check
