"""`wijkwijzer serve`'s server: MkDocs' development server with dirty rebuilds.

MkDocs serves, rebuilds and reloads an open tab; `preview.PREVIEW` makes each
rebuild cost what the save changed. Kept apart from preview.py so that a build
does not import the server.
"""

from __future__ import annotations

import contextlib
import errno
import signal
from unittest import mock

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from ..errors import WatchUnavailable
from ..project import Project
from .preview import PREVIEW


def serve_site(project: Project, host: str, port: int, open_browser: bool = False,
               polling: bool = False) -> None:
    # Dirty rebuilds with the memory of what each page was made from (PreviewMemory):
    # after the first build a save re-renders only the pages whose content changed.
    import mkdocs.commands.serve

    PREVIEW.active = True
    server = LiveReloadServer if polling else NotifiedLiveReloadServer
    # MkDocs' serve() makes its server by this module-level name and has no option
    # for the watcher; the name is swapped for this call only.
    with mock.patch.object(mkdocs.commands.serve, "LiveReloadServer", server), stopped_like_ctrl_c():
        try:
            mkdocs.commands.serve.serve(str(project.mkdocs_config), dev_addr=f"{host}:{port}",
                                        build_type="dirty", livereload=True,
                                        open_in_browser=open_browser)
        except OSError as error:
            if error.errno not in WATCH_LIMITS or polling:
                raise
            raise WatchUnavailable(str(error)) from None


@contextlib.contextmanager
def stopped_like_ctrl_c():
    """Take a request to stop (SIGTERM: an editor's stop button, `kill`, a container
    stopping) as Ctrl+C. MkDocs removes the temporary folder it served from only
    on Ctrl+C; a terminated preview left its whole site behind in the system's
    temporary folder, every time."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# The kernel refused another watch (inotify's max_user_watches or max_user_instances).
WATCH_LIMITS = (errno.ENOSPC, errno.EMFILE)


class NotifiedLiveReloadServer(LiveReloadServer):
    """MkDocs' development server, told of saves by the operating system (inotify,
    FSEvents, ReadDirectoryChangesW: watchdog's native observer) instead of polling.

    MkDocs polls every watched file every 0.5 s. With 5,000 cases one poll takes
    about 80 ms in a thread of the process that builds, and a save waits 0.25 s on
    average before the poll sees it. `wijkwijzer serve --polling` keeps MkDocs'
    own watcher, for folders that send no notifications (some network and
    container mounts)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.observer = SaveObserver()


# What MkDocs' polling observer reports: files made, changed, moved or deleted. The
# native observers also report files being opened and closed after reading, which
# MkDocs would take for a change (its handler reacts to any event), and every build
# reads the case files and mkdocs.yml: a rebuild would start the next one.
SAVES = [
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileAttribEvent,  # `touch`, a restored backup: polling sees the new time
    watchdog.events.FileClosedEvent,  # closed after writing
    watchdog.events.FileMovedEvent,  # an editor's "write to a temporary file, then rename"
    watchdog.events.FileDeletedEvent,
]


class SaveObserver(watchdog.observers.Observer):
    """The platform's native observer, reporting saves only (SAVES)."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive,
                                event_filter=SAVES if event_filter is None else event_filter,
                                follow_symlink=follow_symlink)
