"""Imported by the server process that local workers are forked from (``multiprocessing``'s
forkserver): importing it runs :func:`~zapis.archive.worker.warm_up` there once, so every
worker, and every worker started again after a time limit, begins with zapis loaded and warm."""

from zapis.archive.worker import warm_up

warm_up()
