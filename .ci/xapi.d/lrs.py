"""Starts Ralph's LRS (ralph.api:app) under uvicorn on 127.0.0.1, with the filesystem backend.

Ralph 5.1's filesystem backend writes each POST with its default operation, `create`, and
refuses the second POST because the store file exists ("already exists and overwrite is not
allowed"); its own `runserver` also starts a reloader that watches the working folder. So this
launcher makes the filesystem backend append (what a store does) and runs uvicorn directly.
Nothing in Ralph's xAPI handling is changed: validation, duplicate detection and the
statements API are Ralph's own.

usage: lrs.py PORT   (environment: RALPH_APP_DIR, RALPH_RUNSERVER_BACKEND=fs,
                      RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH)
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
