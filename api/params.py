"""Bounds of the numbers a request may carry: a number no column can hold is refused
with 422, never passed to the database."""

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**31 - 1  # an INTEGER column's largest value
MAX_OFFSET = 1_000_000

RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="a record's number")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
After = Annotated[int, Query(ge=0, le=MAX_ID, description="the last message already shown")]
