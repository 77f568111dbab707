"""Child processes that end with the process that started them.

Ingest's workers and the workbench's extraction workers hold a spaCy pipeline each (hundreds of MB);
left running after their parent was killed they would hold that memory, and a store's files, for
nothing.
"""

from __future__ import annotations


def die_with_parent(kernel_signal: bool = True) -> None:
    """End this process when the process that started it ends, even by ``kill -9`` (which runs no cleanup
    in the parent): the kernel is asked to signal it (Linux), and a watch on the parent's id covers the
    rest within a second.

    ``kernel_signal=False`` for a process started by a thread that may end before the parent does (a web
    server's request threads): Linux sends that signal when the starting *thread* ends."""
    import os
    import threading

    parent = os.getppid()
    if kernel_signal:
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # not Linux: the watch below is enough

    def watch():
        import time

        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="redline-parent-watch", daemon=True).start()
