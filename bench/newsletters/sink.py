#!/usr/bin/env python3
"""The bench's SMTP sink: an aiosmtpd server on 127.0.0.1 that accepts every message and counts it.

For each accepted message it notes the list (the List-Id header), the envelope recipient, the
Message-ID and the client's HELO name (the bench gives every instance its own), and keeps only
counts, so 300,000 messages fit in memory. It writes a small status file (--status) twice a
second for the bench to poll, and the full tally (--result) when it stops (SIGTERM/SIGINT, its
parent gone, or --lifetime over).

SIGUSR1 takes the sink down for --pause seconds: the listening socket is closed (new connections
are refused) and conversations in progress are cut, as when a mail server restarts; then it
listens again on the same port, with its counts intact.

It also keeps one accepted message verbatim (--sample), so the ceiling run can send same-sized
messages.
"""

import argparse
import asyncio
import collections
import json
import os
import signal
import time
import warnings

from aiosmtpd.smtp import SMTP


def parse_arguments():
    parser = argparse.ArgumentParser(description="Counting SMTP sink for bench/newsletters.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--status", required=True, help="file rewritten twice a second: {total, ...}")
    parser.add_argument("--result", required=True, help="file written on exit with the full tally")
    parser.add_argument("--sample", help="file that receives the first accepted message verbatim")
    parser.add_argument("--pause", type=float, default=10, help="seconds SIGUSR1 keeps the sink down")
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    parser.add_argument("--lifetime", type=float, default=7200, help="exit after this many seconds")
    return parser.parse_args()


def header(raw, name):
    """The first value of header `name` (bytes, lower-case, with colon) in the message's head."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    start = 0
    if not head.lower().startswith(name):
        start = head.lower().find(b"\r\n" + name)
        if start < 0:
            return None
        start += 2
    end = head.find(b"\r\n", start)
    return head[start + len(name) : end if end >= 0 else len(head)].strip().decode("ascii", "replace")


class Tally:
    def __init__(self, options):
        self.options = options
        self.total = 0
        self.by_list = collections.Counter()
        self.by_helo = collections.Counter()
        # (list, recipient) -> how many messages it got; Message-ID -> how many times accepted.
        self.per_recipient = collections.Counter()
        self.per_message_id = collections.Counter()
        # (list, recipient) -> the Message-IDs it got, kept only once a second one arrives.
        self.first_id = {}
        self.extra_ids = collections.defaultdict(set)
        self.first_at = None
        self.last_at = None
        self.refused_while_down = 0
        self.pauses = []
        self.sample_written = False

    def record(self, raw, recipients, helo):
        now = time.time()
        list_id = header(raw, b"list-id:") or "(no List-Id)"
        message_id = header(raw, b"message-id:") or "(no Message-ID)"
        if not self.sample_written and self.options.sample:
            with open(self.options.sample, "wb") as handle:
                handle.write(raw)
            self.sample_written = True
        self.total += 1
        self.first_at = self.first_at or now
        self.last_at = now
        self.by_list[list_id] += len(recipients)
        self.by_helo[helo or "(none)"] += 1
        self.per_message_id[message_id] += 1
        for recipient in recipients:
            key = (list_id, recipient.lower())
            self.per_recipient[key] += 1
            if self.per_recipient[key] == 1:
                self.first_id[key] = message_id
            else:
                self.extra_ids[key].add(message_id)

    def status(self):
        return {"total": self.total, "first_at": self.first_at, "last_at": self.last_at}

    def result(self):
        lists = {}
        for list_id, deliveries in sorted(self.by_list.items()):
            lists[list_id] = {"deliveries": deliveries, "recipients": 0, "duplicates": 0}
        same_id = different_id = 0
        for (list_id, _), count in self.per_recipient.items():
            lists[list_id]["recipients"] += 1
            lists[list_id]["duplicates"] += count - 1
        for key, extras in self.extra_ids.items():
            # A resend of the very message already accepted (same Message-ID) is the known gap of
            # an instance killed between the server's 250 and the outbox's note; a second,
            # different message to the same reader would be a real double send.
            ids = extras | {self.first_id[key]}
            different_id += len(ids) - 1
            same_id += self.per_recipient[key] - len(ids)
        return {
            "total": self.total,
            "first_at": self.first_at,
            "last_at": self.last_at,
            "lists": lists,
            "duplicates_same_message_id": same_id,
            "duplicates_different_message_id": different_id,
            "message_ids_accepted_more_than_once": sum(1 for c in self.per_message_id.values() if c > 1),
            "by_helo": dict(self.by_helo),
            "pauses": self.pauses,
        }


class Handler:
    def __init__(self, tally):
        self.tally = tally

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.tally.record(envelope.original_content, envelope.rcpt_tos, session.host_name)
        return "250 2.0.0 Message accepted"


def write_atomically(path, value):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(value, handle)
    os.replace(temporary, path)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main():
    warnings.filterwarnings("ignore", category=UserWarning, module="aiosmtpd")
    options = parse_arguments()
    tally = Tally(options)
    handler = Handler(tally)
    protocols = set()

    class CountingSMTP(SMTP):
        def connection_made(self, transport):
            protocols.add(self)
            super().connection_made(transport)

        def connection_lost(self, error):
            protocols.discard(self)
            super().connection_lost(error)

    def factory():
        return CountingSMTP(handler, hostname="bench-sink.localhost", enable_SMTPUTF8=True, timeout=60)

    async def serve():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        pause_requested = asyncio.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
        loop.add_signal_handler(signal.SIGUSR1, pause_requested.set)

        async def listen(port):
            return await loop.create_server(factory, host="127.0.0.1", port=port, reuse_address=True, backlog=1024)

        server = await listen(options.port)
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)

        async def pauser():
            nonlocal server
            while True:
                await pause_requested.wait()
                pause_requested.clear()
                down_at = time.time()
                server.close()
                for protocol in list(protocols):
                    if protocol.transport is not None:
                        protocol.transport.abort()
                await asyncio.sleep(options.pause)
                server = await listen(port)
                tally.pauses.append({"down_at": down_at, "up_at": time.time(), "total_at_down": tally.total})

        async def reporter():
            while True:
                write_atomically(options.status, tally.status())
                if options.parent_pid and not alive(options.parent_pid):
                    stop.set()
                await asyncio.sleep(0.5)

        tasks = [asyncio.create_task(pauser()), asyncio.create_task(reporter())]
        try:
            await asyncio.wait_for(stop.wait(), timeout=options.lifetime)
        except asyncio.TimeoutError:
            print("sink: lifetime over, exiting", flush=True)
        for task in tasks:
            task.cancel()
        server.close()
        write_atomically(options.status, tally.status())
        write_atomically(options.result, tally.result())

    asyncio.run(serve())


if __name__ == "__main__":
    main()
