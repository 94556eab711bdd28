#!/usr/bin/env python3
"""Prints bench/newsletters/run's tables from its results.tsv and ceiling.tsv."""

import json
import sys

BATCH = 64  # MailRetryPolicy's default batch: what one killed instance can hold under its lease


def main():
    results_path, ceiling_path, subscribers, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    lease = int(sys.argv[5]) if len(sys.argv) > 5 else 120
    messages = subscribers * 3
    ceiling = {}
    for line in open(ceiling_path):
        if line.strip():
            label, figures = line.rstrip("\n").split("\t")
            rate, accepted, errors, size = figures.split()
            ceiling[label] = (float(rate), int(accepted), int(errors), int(size))
    postfix = ceiling.get("postfix, one connection per message", (None,))[0]
    sink = ceiling.get("sink, one connection per message", (None,))[0]

    print(
        f"Newsletter sending: one issue of each of 3 lists to {subscribers:,} confirmed subscribers each "
        f"({messages:,} messages), PostgreSQL, {cores} cores; release build; SMTP sink on loopback (aiosmtpd)"
    )
    print()
    print(
        "| run | queued (s) | all delivered (s) | msg/s | vs postfix | vs sink | peak RSS per instance (MB) "
        "| delivered per list | duplicates: same Message-ID / other | outbox after |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---|---|---|")
    notes = []
    for line in open(results_path):
        if not line.strip():
            continue
        (label, count, faults, started, queued_at, result_path, peaks, send_rss, queued, outbox, retried,
         timeline_path) = line.rstrip("\n").split("\t")
        started, queued_at = float(started), float(queued_at)
        result = json.load(open(result_path))
        last = result["last_at"] or started
        seconds = last - started
        delivered = result["total"]
        rate = delivered / seconds if seconds > 0 else 0.0
        lists = result["lists"]
        per_list = " / ".join(f"{v['deliveries']:,}" for v in lists.values()) or "none"
        exact = len(lists) == 3 and all(
            v["deliveries"] == subscribers and v["recipients"] == subscribers for v in lists.values()
        )
        peaks_mb = ", ".join(f"{int(kb) / 1024:.0f}" for kb in peaks.split(",") if kb)
        queue_seconds = f"{queued_at - started:.1f}" if queued_at > 0 else "unfinished"
        vs_postfix = f"{rate / postfix:.2f}" if postfix else "–"
        vs_sink = f"{rate / sink:.2f}" if sink else "–"
        print(
            f"| {label} | {queue_seconds} | {seconds:.1f} | {rate:,.0f} | {vs_postfix} | {vs_sink} | {peaks_mb} "
            f"| {per_list} {'(exact)' if exact else '(NOT exact)'} "
            f"| {result['duplicates_same_message_id']} / {result['duplicates_different_message_id']} "
            f"| {outbox.strip()} |"
        )
        send_mb = ", ".join(f"{int(kb) / 1024:.0f}" for kb in send_rss.split(",") if kb.strip().isdigit())
        note = (
            f"{label}: `newsletters send` queued {int(queued):,} messages (peak RSS {send_mb} MB per list); "
            f"{int(retried):,} outbox messages needed more than one attempt; messages per instance (HELO): "
            + ", ".join(f"{k.split('.')[0]} {v:,}" for k, v in sorted(result["by_helo"].items()))
        )
        states = dict(part.split(":", 1) for part in outbox.split() if ":" in part)
        if int(states.get("in_doubt", "0")):
            note += (
                f"; {int(states['in_doubt']):,} messages in doubt (handed to the sink by the killed instance "
                "before it heard back, or cut off after their final dot by the sink's outage; not sent again "
                "under the default --mail-in-doubt hold)"
            )
        if int(faults):
            timeline = [tuple(map(float, l.split("\t"))) for l in open(timeline_path) if l.strip()]
            almost = next((t for t, n in timeline if n >= messages - BATCH), None)
            if almost is not None:
                waiting = messages - int(max(n for t, n in timeline if t <= almost))
                if waiting > 0:
                    note += (
                        f"; all but {waiting} messages (at most one claimed batch, {BATCH}) delivered after "
                        f"{almost - started:.1f} s, those only after the killed instance's {lease} s outbox lease ran out"
                    )
                else:
                    done = next(t for t, n in timeline if n >= messages)
                    note += f"; every message delivered after {done - started:.1f} s"
            for pause in result["pauses"]:
                note += f"; sink down {pause['up_at'] - pause['down_at']:.1f} s at {pause['total_at_down']:,} delivered"
        notes.append(note)
    print()
    for note in notes:
        print(f"- {note}")
    print()
    print("Ceiling: a simple sender (Python smtplib, 4 processes, 10 s) with the same message, same run")
    print()
    print("| server | mode | msg/s accepted | errors | message bytes |")
    print("|---|---|---:|---:|---:|")
    for label, (rate, accepted, errors, size) in ceiling.items():
        server, mode = label.split(", ", 1)
        print(f"| {server} | {mode} | {rate:,.0f} | {errors} | {size:,} |")


if __name__ == "__main__":
    main()
