#!/usr/bin/env python3
"""The ceiling's simple sender: several processes send the same message (a newsletter copy the
sink kept) to an SMTP server with smtplib for a fixed time, and it prints how many messages the
server accepted per second.

    flood.py HOST PORT MESSAGE_FILE --seconds 10 --connections 4 [--new-connection-each]

With --new-connection-each every message gets its own connection (as Dateline's SMTP client
sends); otherwise each process keeps one connection open (reopened after any error).
"""

import argparse
import multiprocessing
import smtplib
import time


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("message")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--new-connection-each", action="store_true")
    return parser.parse_args()


def sender(arguments):
    host, port, raw, seconds, fresh, number = arguments
    deadline = time.monotonic() + seconds
    accepted = errors = 0
    client = None
    sequence = 0
    while time.monotonic() < deadline:
        try:
            if client is None:
                client = smtplib.SMTP(host, port, local_hostname="flood.localhost", timeout=10)
                client.ehlo()
            sequence += 1
            client.sendmail("bench@example.com", ["reader%d.%d@example.com" % (number, sequence)], raw)
            accepted += 1
            if fresh:
                client.quit()
                client = None
        except (smtplib.SMTPException, OSError):
            errors += 1
            client = None
            time.sleep(0.05)
    if client is not None:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return accepted, errors


def main():
    options = parse_arguments()
    with open(options.message, "rb") as handle:
        raw = handle.read()
    work = [
        (options.host, options.port, raw, options.seconds, options.new_connection_each, number)
        for number in range(options.connections)
    ]
    started = time.monotonic()
    with multiprocessing.Pool(options.connections) as pool:
        results = pool.map(sender, work)
    elapsed = time.monotonic() - started
    accepted = sum(result[0] for result in results)
    errors = sum(result[1] for result in results)
    print("%.1f %d %d %d" % (accepted / elapsed, accepted, errors, len(raw)))


if __name__ == "__main__":
    main()
