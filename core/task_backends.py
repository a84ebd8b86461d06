"""The embedded task backend: tasks run in a small thread pool inside the web process, so
an office needs no worker process and no queue server (TASKS_BACKEND=embedded).

A task starts once the transaction that enqueued it commits (the rows it reads exist by
then). Nothing of the queue survives a restart of the process: core.Job records every
job's state, and core.jobs.jobs_mark_interrupted marks those a restart cut off. Offices
that want jobs to survive restarts, or to run them on other machines, use the database
backend and ``manage.py db_worker`` (README).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskError
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id

logger = logging.getLogger(__name__)

_executors: dict[str, ThreadPoolExecutor] = {}
_lock = threading.Lock()


def _executor(alias: str, workers: int) -> ThreadPoolExecutor:
    with _lock:
        if alias not in _executors:
            _executors[alias] = ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix=f"weijian-task-{alias}"
            )
        return _executors[alias]


class ThreadBackend(BaseTaskBackend):
    supports_async_task = False
    supports_get_result = False

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.workers = int(self.options.get("MAX_WORKERS", 2))

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result: TaskResult = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        executor = _executor(self.alias, self.workers)
        transaction.on_commit(lambda: executor.submit(self._run, result), robust=True)
        return result

    def _run(self, result):
        close_old_connections()
        object.__setattr__(result, "status", TaskResultStatus.RUNNING)
        object.__setattr__(result, "started_at", timezone.now())
        task_started.send(sender=type(self), task_result=result)
        try:
            result.task.call(*result.args, **result.kwargs)
        except BaseException as exc:
            logger.exception("task %s failed", result.task.module_path)
            result.errors.append(
                TaskError(
                    exception_class_path=get_module_path(type(exc)),
                    traceback=get_exception_traceback(exc),
                )
            )
            object.__setattr__(result, "status", TaskResultStatus.FAILED)
        else:
            object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
        finally:
            object.__setattr__(result, "finished_at", timezone.now())
            connections.close_all()
            task_finished.send(sender=type(self), task_result=result)
