"""A TCP proxy on 127.0.0.1 that drops every connection through it on command.

Put it in front of PostgreSQL (or any server) and point the client at `proxy.port`:

    proxy = TcpProxy(("127.0.0.1", 5432))
    port = proxy.start()
    ...
    proxy.cut()  # every open connection is closed, both ways; new ones are let through

`hold(b"COMMIT")` stops passing on what a client sends once it sends those bytes (the client
waits, as on a stalled network) until the next `cut()` or `release()`; `held` is set when it
happens. So a test can drop a connection at a known statement: mid-transaction, or at its
commit. While `down` is set, new connections are closed as soon as they are made.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.cuts = 0  # connections dropped by cut(), in all
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._listener: socket.socket | None = None
        self._holding = threading.Event()
        self._open = threading.Event()
        self._open.set()
        self.held = threading.Event()  # a client sent the bytes held for
        self._match = b""
        self.down = False  # the server is unreachable: connections are closed at once

    def start(self) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, daemon=True).start()
        return int(listener.getsockname()[1])

    @property
    def port(self) -> int:
        assert self._listener is not None
        return int(self._listener.getsockname()[1])

    def connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    def cut(self) -> int:
        """Close every connection open now; returns how many were dropped."""
        with self._lock:
            pairs = list(self._pairs)
            self._pairs.clear()
            self.cuts += len(pairs)
        for pair in pairs:
            for sock in pair:
                _close(sock)
        self.release()
        return len(pairs)

    def hold(self, match: bytes = b"") -> None:
        """Hold back what a client sends from the first message containing `match` on."""
        self._match = match
        self.held.clear()
        self._open.clear()
        self._holding.set()

    def release(self) -> None:
        self._holding.clear()
        self._open.set()

    def stop(self) -> None:
        if self._listener is not None:
            _close(self._listener)
        self.cut()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # stopped
            if self.down:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            for source, sink in pair, (upstream, client):
                threading.Thread(target=self._pump, args=(pair, source, sink), daemon=True).start()

    def _pump(
        self,
        pair: tuple[socket.socket, socket.socket],
        source: socket.socket,
        sink: socket.socket,
    ) -> None:
        from_client = source is pair[0]
        try:
            while data := source.recv(65536):
                if from_client and self._holding.is_set() and self._match in data:
                    self.held.set()
                    self._open.wait()  # until released, or cut
                    if source.fileno() == -1:
                        return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._pairs.discard(pair)
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
